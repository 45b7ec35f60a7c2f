import { isUtf8 } from 'node:buffer';
import { leafHashHexOf, parseLeaf } from '../leaf/ledger-leaf.js';

/**
 * What the verifier needs of a chunk of event lines, in parallel arrays (cheap to hand between
 * threads): each line checked as canonical leaf bytes of the leaf layout, and its leaf hash.
 * `problem[i]` is set (and the rest of row i unset) when line i is not a leaf.
 */
export interface LeafChunk {
  problem: Array<string | null>;
  /** Ledger index, -1 for null. */
  index: Float64Array;
  hash: string[];
  /** The stream's previous leaf: index (-1 for none) and hash. */
  previousIndex: Float64Array;
  previousHash: Array<string | null>;
  streamVersion: Float64Array;
  streamId: string[];
  eventId: string[];
  recordedAt: string[];
  /** Only when asked for (the arithmetic replays them). */
  type?: string[];
  data?: unknown[];
}

/** `lines[i]` null: line i is not UTF-8. */
export function readLeaves(lines: ReadonlyArray<string | null>, withEvents: boolean): LeafChunk {
  const n = lines.length;
  const chunk: LeafChunk = {
    problem: new Array<string | null>(n).fill(null),
    index: new Float64Array(n),
    hash: new Array<string>(n),
    previousIndex: new Float64Array(n),
    previousHash: new Array<string | null>(n).fill(null),
    streamVersion: new Float64Array(n),
    streamId: new Array<string>(n),
    eventId: new Array<string>(n),
    recordedAt: new Array<string>(n),
    ...(withEvents ? { type: new Array(n), data: new Array(n) } : {}),
  };
  for (let i = 0; i < n; i++) {
    const line = lines[i];
    if (line === null) {
      chunk.problem[i] = 'is not UTF-8';
      continue;
    }
    const parsed = parseLeaf(line);
    if ('problem' in parsed) {
      chunk.problem[i] = parsed.problem;
      continue;
    }
    const { leaf } = parsed;
    chunk.index[i] = leaf.index ?? -1;
    chunk.hash[i] = leafHashHexOf(line);
    chunk.previousIndex[i] = leaf.previous?.index ?? -1;
    chunk.previousHash[i] = leaf.previous?.leafHash ?? null;
    chunk.streamVersion[i] = leaf.event.streamVersion;
    chunk.streamId[i] = leaf.event.streamId;
    chunk.eventId[i] = leaf.event.eventId;
    chunk.recordedAt[i] = leaf.event.recordedAt;
    if (withEvents) {
      chunk.type![i] = leaf.event.type;
      chunk.data![i] = leaf.event.data;
    }
  }
  return chunk;
}

const NEWLINE = 0x0a;

/** How many empty lines a block of whole lines holds (the readers below skip them). */
export function blankLinesOf(block: Uint8Array): number {
  let blank = 0;
  for (let at = block.indexOf(NEWLINE); at >= 0; at = block.indexOf(NEWLINE, at + 1)) if (at === 0 || block[at - 1] === NEWLINE) blank++;
  return blank;
}

/** The complete lines of a block of a JSON Lines file (it ends at a line's end), empty lines skipped. */
export function linesOf(block: Uint8Array): string[] {
  return Buffer.from(block.buffer, block.byteOffset, block.byteLength)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');
}

/**
 * linesOf for event lines, whose bytes are hashed as they are: a line that is not UTF-8 is null,
 * rather than read with replacement characters (which could hash like the line the ledger took).
 */
export function leafLinesOf(block: Uint8Array): Array<string | null> {
  if (isUtf8(block)) return linesOf(block);
  const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  const lines: Array<string | null> = [];
  for (let start = 0; start < bytes.length;) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? bytes.length : newline;
    const line = bytes.subarray(start, end);
    if (line.length > 0) lines.push(isUtf8(line) ? line.toString('utf8') : null);
    start = end + 1;
  }
  return lines;
}
