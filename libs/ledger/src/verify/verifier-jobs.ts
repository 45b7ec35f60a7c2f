import { checkPairs, type PairsInput } from './check-pairs.js';
import { leafLinesOf, readLeaves } from './read-leaves.js';

/** What the verifier's threads do: each job a plain function of plain data (it runs on this thread too). */
export const VERIFIER_JOBS = {
  /** Any block of event lines, leaf by leaf, for the diagnosing pass. */
  leaves: ({ block, withEvents }: { block: Uint8Array; withEvents: boolean }) => readLeaves(leafLinesOf(block), withEvents),
  /** A block of event lines beside the ledger records of the same lines, for the clean pass. */
  pairs: (input: PairsInput) => checkPairs(input),
};

export type VerifierJobs = typeof VERIFIER_JOBS;
export type JobKind = keyof VerifierJobs;
export type JobInput<K extends JobKind> = Parameters<VerifierJobs[K]>[0];
export type JobOutput<K extends JobKind> = ReturnType<VerifierJobs[K]>;

/** The buffers of an object's typed arrays (its own members), to move between threads instead of copying them. */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  if (value === null || typeof value !== 'object') return [];
  const buffers = new Set<ArrayBuffer>();
  for (const member of Object.values(value)) {
    if (ArrayBuffer.isView(member) && member.buffer instanceof ArrayBuffer && member.byteOffset === 0 && member.byteLength === member.buffer.byteLength) {
      buffers.add(member.buffer);
    }
  }
  return [...buffers];
}
