export * from './correlation-id.js';
export * from './logging.module.js';
export * from './graceful-shutdown.js';
export * from './request-log.js';
export * from './metrics/index.js';
export * from './quiet-startup.logger.js';
