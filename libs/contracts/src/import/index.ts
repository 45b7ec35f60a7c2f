export * from './json-lines.js';
export * from './import-report.js';
export * from './bulk-import.service.js';
