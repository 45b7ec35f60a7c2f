import type { ReplayEvent } from './verify-arithmetic.js';

/** What a pass over an export's two JSON Lines files hands to the head, tree and arithmetic checks. */
export interface SliceLeaves {
  /** Event lines read. */
  lines: number;
  /** Stream versions the events hold (1 to this, when the chain check found nothing). */
  versions: number;
  /** The events that are in the ledger: how many, and the last one's index and leaf hash (hex). */
  leaves: { count: number; last: { index: number; hash: string } | undefined };
  /** The ledger records, ascending by index, with the leaf hashes the ledger recorded (HASH_BYTES each, in that order). */
  recorded: { indices: number[]; hashes: Uint8Array };
  /** The events in line order (empty unless the arithmetic is checked). */
  replay: ReplayEvent[];
}

/** What both passes are told. */
export interface PassInput {
  streamId: string | undefined;
  treeSize: number;
  withEvents: boolean;
}
