export * from './tree-hash.js';
export * from './tree-shape.js';
export * from './node-reader.js';
export * from './compact-range.js';
export * from './proofs.js';
export * from './verify-proofs.js';
