export * from './contract-evidence.reader.js';
export * from './evidence-ledger-anchors.js';
export * from './evidence-queries.js';
export * from './evidence-query-handlers.js';
export * from './evidence.module.js';
export * from './export-evidence-package.command.js';
export * from './export-evidence-package.handler.js';
