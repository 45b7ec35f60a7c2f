export * from './platform.module.js';
export * from './service.module.js';
export * from './service-context.js';
export * from './service-metrics.js';
