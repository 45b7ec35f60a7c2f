export * from './embedded-postgres.launcher.js';
export * from './free-port.js';
