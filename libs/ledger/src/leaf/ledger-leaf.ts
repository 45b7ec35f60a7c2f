import { hash } from 'node:crypto';
import { isHexHash, isIndex, isObject } from '../json-shapes.js';
import type { Hash } from '../merkle/tree-hash.js';
import { canonicalJson, parseCanonicalJson } from './canonical-json.js';

/** Names the leaf layout; a later layout gets a new name (docs/ledger.md specifies this one byte by byte). */
export const LEAF_FORMAT = 'outcome-ledger/leaf/v1';

/** The whole envelope of an event as the log stores it. */
export interface LeafEvent {
  eventId: string;
  streamId: string;
  streamVersion: number;
  /** bigint in the log: a decimal string here. */
  globalPosition: string;
  /** xid8 of the appending transaction, decimal. */
  transactionId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: Record<string, unknown>;
  /** UTC, microseconds, as stored: 2019-02-04T10:15:00.123456Z. */
  recordedAt: string;
}

/** The stream's leaf before this one (in ledger order), or null for the stream's first. */
export interface PreviousLeaf {
  index: number;
  /** Lowercase hex. */
  leafHash: string;
}

export interface LedgerLeaf {
  format: typeof LEAF_FORMAT;
  /** Dense position in the ledger (0-based), in the log's commit-safe order; null only in an export of an event the ledger never took. */
  index: number | null;
  previous: PreviousLeaf | null;
  event: LeafEvent;
}

/**
 * The leaf's bytes: the UTF-8 of its RFC 8785 canonical JSON. Written member by member in their
 * canonical order (the same text as canonicalJson(leaf), which the tests check), since the
 * sequencer writes one per event and only data and metadata have members not known in advance.
 */
export function leafText(leaf: LedgerLeaf): string {
  const e = leaf.event;
  const j = canonicalJson;
  const previous = leaf.previous === null ? 'null' : `{"index":${j(leaf.previous.index)},"leafHash":${j(leaf.previous.leafHash)}}`;
  return (
    `{"event":{"data":${j(e.data)},"eventId":${j(e.eventId)},"globalPosition":${j(e.globalPosition)},"metadata":${j(e.metadata)},` +
    `"recordedAt":${j(e.recordedAt)},"schemaVersion":${j(e.schemaVersion)},"streamId":${j(e.streamId)},"streamVersion":${j(e.streamVersion)},` +
    `"transactionId":${j(e.transactionId)},"type":${j(e.type)}},"format":${j(leaf.format)},"index":${j(leaf.index)},"previous":${previous}}`
  );
}

/** RFC 9162 leaf hash of a leaf's text: SHA-256(0x00 ‖ UTF-8 bytes); U+0000 is the byte 0x00 in UTF-8. */
export function leafHashOf(text: string): Hash {
  return hash('sha256', `\u0000${text}`, 'buffer');
}

/** leafHashOf in lowercase hex. */
export function leafHashHexOf(text: string): string {
  return hash('sha256', `\u0000${text}`, 'hex');
}

const EVENT_MEMBERS = ['data', 'eventId', 'globalPosition', 'metadata', 'recordedAt', 'schemaVersion', 'streamId', 'streamVersion', 'transactionId', 'type'];
const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * Reads one leaf from its exact bytes. Refused unless the text is canonical (so that every reader,
 * in any language, sees the same members) and has the layout of LEAF_FORMAT.
 */
export function parseLeaf(text: string): { leaf: LedgerLeaf } | { problem: string } {
  const parsed = parseCanonicalJson(text);
  if (parsed === undefined) return { problem: 'is not canonical JSON (RFC 8785)' };
  const leaf = parsed.value as Record<string, unknown>;
  if (!isObject(leaf) || !sameKeys(leaf, ['event', 'format', 'index', 'previous'])) return { problem: 'does not have the members of a leaf' };
  if (leaf.format !== LEAF_FORMAT) return { problem: `is not a ${LEAF_FORMAT} leaf` };
  if (leaf.index !== null && !isIndex(leaf.index)) return { problem: 'has no valid index' };
  const previous = leaf.previous;
  if (previous !== null && !(isObject(previous) && sameKeys(previous, ['index', 'leafHash']) && isIndex(previous.index) && isHexHash(previous.leafHash))) {
    return { problem: 'has no valid previous leaf' };
  }
  const e = leaf.event;
  if (!isObject(e) || !sameKeys(e, EVENT_MEMBERS)) return { problem: 'does not have the members of an event' };
  if (!isText(e.eventId) || !isText(e.streamId) || !isText(e.type) || !isObject(e.metadata) || !isPositive(e.streamVersion) || !isPositive(e.schemaVersion)) {
    return { problem: 'has an event member of the wrong type' };
  }
  if (typeof e.globalPosition !== 'string' || !DECIMAL.test(e.globalPosition) || typeof e.transactionId !== 'string' || !DECIMAL.test(e.transactionId)) {
    return { problem: 'has a position that is not a decimal string' };
  }
  if (typeof e.recordedAt !== 'string' || !INSTANT.test(e.recordedAt)) return { problem: 'has a recordedAt that is not a UTC instant with microseconds' };
  return { leaf: leaf as unknown as LedgerLeaf };
}

/**
 * Whether an object of a canonical text has exactly these (sorted, not integer-like) members: its
 * members come in the text's order, which is sorted, so no sort is needed.
 */
function sameKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  if (own.length !== keys.length) return false;
  for (let i = 0; i < own.length; i++) if (own[i] !== keys[i]) return false;
  return true;
}
