export * from './metrics.js';
export * from './metrics.server.js';
export * from './request-metrics.hook.js';
