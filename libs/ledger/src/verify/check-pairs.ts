import { isUtf8 } from 'node:buffer';
import { ledgerRecordLine } from '../export/audit-export.js';
import { leafHashHexOf, parseLeaf, type PreviousLeaf } from '../leaf/ledger-leaf.js';
import { HASH_BYTES } from '../merkle/tree-hash.js';

export interface PairsInput {
  /** Whole lines of events.jsonl. */
  events: Uint8Array;
  /** The lines of ledger.jsonl at the same positions. */
  ledger: Uint8Array;
  streamId: string;
  withEvents: boolean;
}

/** A block of an export that holds exactly what an honest one holds, as the clean pass joins it to the others. */
export interface PairedChunk {
  count: number;
  /** The leaves' ledger indices, ascending. */
  indices: Float64Array;
  /** Their leaf hashes, HASH_BYTES each, in the same order. */
  hashes: Uint8Array;
  /** What the block's first leaf commits to as the stream's previous leaf. */
  firstPrevious: PreviousLeaf | null;
  firstVersion: number;
  /** The last leaf's hash, hex. */
  lastHash: string;
  /** The first and last leaves' recording instants (within the block they never go back). */
  firstRecordedAt: string;
  lastRecordedAt: string;
  /** Only when asked for (the arithmetic replays them). */
  events?: { type: string[]; data: unknown[]; recordedAt: string[] };
}

/**
 * Checks a block as an honest export has it, or gives null at the first thing that is otherwise
 * (the diagnosing pass then says what and where): UTF-8, every line a canonical leaf of the
 * stream, beside the ledger record of its index, event id, version and leaf hash; indices rising,
 * versions one by one, recording instants never going back, each leaf committing to the one before.
 */
export function checkPairs({ events, ledger, streamId, withEvents }: PairsInput): PairedChunk | null {
  if (!isUtf8(events) || !isUtf8(ledger)) return null;
  const leaves = linesOf(events);
  const records = linesOf(ledger);
  const n = leaves?.length ?? 0;
  if (leaves === undefined || records === undefined || n === 0 || records.length !== n) return null;
  const indices = new Float64Array(n);
  const hashes = new Uint8Array(HASH_BYTES * n);
  const hashBytes = Buffer.from(hashes.buffer);
  const read = withEvents ? { type: new Array<string>(n), data: new Array<unknown>(n), recordedAt: new Array<string>(n) } : undefined;
  let firstPrevious: PreviousLeaf | null = null;
  let firstVersion = 0;
  let lastIndex = -1;
  let lastHash = '';
  let lastVersion = 0;
  let firstRecordedAt = '';
  let lastRecordedAt = '';
  for (let k = 0; k < n; k++) {
    const parsed = parseLeaf(leaves[k]);
    if ('problem' in parsed) return null;
    const { index, previous, event } = parsed.leaf;
    if (index === null || event.streamId !== streamId) return null;
    const hash = leafHashHexOf(leaves[k]);
    // The record of the same line must be this leaf's, as the exporter spells it (another
    // spelling, fine as JSON, is left to the diagnosing pass).
    if (records[k] !== ledgerRecordLine({ index, eventId: event.eventId, streamVersion: event.streamVersion, leafHash: hash })) return null;
    if (k === 0) {
      firstPrevious = previous;
      firstVersion = event.streamVersion;
      firstRecordedAt = event.recordedAt;
    } else if (
      index <= lastIndex ||
      event.streamVersion !== lastVersion + 1 ||
      event.recordedAt < lastRecordedAt ||
      previous === null ||
      previous.index !== lastIndex ||
      previous.leafHash !== lastHash
    ) {
      return null;
    }
    indices[k] = index;
    hashBytes.write(hash, HASH_BYTES * k, 'hex');
    lastIndex = index;
    lastHash = hash;
    lastVersion = event.streamVersion;
    lastRecordedAt = event.recordedAt;
    if (read) {
      read.type[k] = event.type;
      read.data[k] = event.data;
      read.recordedAt[k] = event.recordedAt;
    }
  }
  return { count: n, indices, hashes, firstPrevious, firstVersion, lastHash, firstRecordedAt, lastRecordedAt, ...(read ? { events: read } : {}) };
}

/** The lines of a block; undefined when one is empty (an honest export has none). */
function linesOf(block: Uint8Array): string[] | undefined {
  const lines = Buffer.from(block.buffer, block.byteOffset, block.byteLength).toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.includes('') ? undefined : lines;
}
