export * from './embedded-postgres.launcher.js';
export * from './free-port.js';
export * from './migration.js';
export * from './migrator.js';
export * from './transaction.js';
export * from './database.js';
export * from './database.module.js';
