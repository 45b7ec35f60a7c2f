/** The shapes the ledger's files are checked against, said once. */

/** A ledger index, tree size or stream version: a safe integer from 0. */
export const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const HEX_HASH = /^[0-9a-f]{64}$/;

/** A SHA-256 digest as the files write it: 64 lowercase hex digits. */
export const isHexHash = (v: unknown): v is string => typeof v === 'string' && HEX_HASH.test(v);

/**
 * Whether an object has exactly these members, in any order: a member a file's layout does not
 * have is refused, not read past (a reader might take it for something the checkpoint signs).
 */
export const hasMembers = (v: Record<string, unknown>, names: readonly string[]): boolean => {
  const own = Object.keys(v);
  return own.length === names.length && own.every((name) => names.includes(name));
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** An RFC 3339 UTC instant (as `Date.prototype.toISOString` writes one) that names a real date. */
export const isUtcInstant = (v: unknown): v is string => typeof v === 'string' && INSTANT.test(v) && !Number.isNaN(Date.parse(v));
