import { createHash, hash } from 'node:crypto';
import { isHexHash } from '../json-shapes.js';

/** A SHA-256 digest: a leaf hash, a node hash or a root. */
export type Hash = Buffer;

export const HASH_BYTES = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** RFC 9162 §2.1.1: the hash of a leaf, SHA-256(0x00 ‖ bytes). */
export function hashLeaf(bytes: Uint8Array): Hash {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, bytes]), 'buffer');
}

// The bytes of a node hash's input, written afresh for each (hashing is synchronous).
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_BYTES);
NODE_INPUT[0] = 0x01;

/** RFC 9162 §2.1.1: the hash of an interior node, SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Hash {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_BYTES);
  return hash('sha256', NODE_INPUT, 'buffer');
}

/** The root of the empty tree: SHA-256 of no bytes. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

export function isHash(value: unknown): value is Hash {
  return Buffer.isBuffer(value) && value.length === HASH_BYTES;
}

/** A hash from its lowercase hex form; undefined when the text is not one. */
export function hashFromHex(text: unknown): Hash | undefined {
  return isHexHash(text) ? Buffer.from(text, 'hex') : undefined;
}

const BASE64_HASH = /^[A-Za-z0-9+/]{43}=$/;

/** A hash from its standard base64 form (44 characters, padded); undefined when the text is not one. */
export function hashFromBase64(text: unknown): Hash | undefined {
  if (typeof text !== 'string' || !BASE64_HASH.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === HASH_BYTES && bytes.toString('base64') === text ? bytes : undefined;
}
