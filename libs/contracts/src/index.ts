export * from './application/execute-contract-command.command.js';
export * from './application/execute-contract-command.handler.js';
export * from './contract-commands.service.js';
export * from './contract-stream.js';
export * from './contracts.module.js';
export * from './pseudonym-key.js';
export * from './read-models/read-models.js';
export * from './read-models/index.js';
