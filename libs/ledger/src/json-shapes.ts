/** The shapes the ledger's files are checked against, said once. */

/** A ledger index, tree size or stream version: a safe integer from 0. */
export const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const HEX_HASH = /^[0-9a-f]{64}$/;

/** A SHA-256 digest as the files write it: 64 lowercase hex digits. */
export const isHexHash = (v: unknown): v is string => typeof v === 'string' && HEX_HASH.test(v);
