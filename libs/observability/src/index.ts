export * from './correlation-id.js';
export * from './logging.module.js';
export * from './graceful-shutdown.js';
export * from './request-log.js';
