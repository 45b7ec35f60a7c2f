import type { ExportSource } from '../export/audit-export.js';
import type { PairedChunk } from './check-pairs.js';
import { pairedBatches } from './line-batches.js';
import type { PassInput, SliceLeaves } from './slice-leaves.js';
import type { ReplayEvent } from './verify-arithmetic.js';
import { JOBS_IN_FLIGHT, type VerifierThreads } from './verifier-threads.js';

const LINES_PER_JOB = 4096;

/**
 * The clean pass: reads the export once, as an honest exporter writes it (line k of the events
 * beside line k of the ledger records, in ledger order), and checks every leaf, record and link of
 * the chain on the threads, block by block, joining the blocks here. Undefined at the first thing
 * that is otherwise: the diagnosing pass (full-pass.ts) then reads the export again to say what
 * and where. It holds nothing per event but the index and hash the tree check needs (and, when
 * the arithmetic is checked, the events it replays).
 */
export async function pairedPass(
  source: ExportSource,
  { streamId, treeSize, withEvents }: PassInput,
  threads: VerifierThreads,
): Promise<SliceLeaves | undefined> {
  if (streamId === undefined) return undefined;
  const indices: number[] = [];
  const hashes: Uint8Array[] = [];
  const replay: ReplayEvent[] = [];
  let last: { index: number; hash: string } | undefined;
  let version = 0;
  let recordedAt = '';
  const joins = (chunk: PairedChunk | null): boolean => {
    if (chunk === null) return false;
    const follows =
      last === undefined
        ? chunk.firstPrevious === null && chunk.firstVersion === 1
        : chunk.firstPrevious !== null &&
          chunk.firstPrevious.index === last.index &&
          chunk.firstPrevious.leafHash === last.hash &&
          chunk.indices[0] > last.index &&
          chunk.firstVersion === version + 1 &&
          chunk.firstRecordedAt >= recordedAt;
    if (!follows) return false;
    hashes.push(chunk.hashes);
    for (let k = 0; k < chunk.count; k++) {
      indices.push(chunk.indices[k]);
      if (chunk.events) {
        replay.push({
          index: chunk.indices[k],
          streamVersion: chunk.firstVersion + k,
          type: chunk.events.type[k],
          data: chunk.events.data[k],
          recordedAt: chunk.events.recordedAt[k],
        });
      }
    }
    last = { index: chunk.indices[chunk.count - 1], hash: chunk.lastHash };
    version = chunk.firstVersion + chunk.count - 1;
    recordedAt = chunk.lastRecordedAt;
    return true;
  };
  const inFlight: Array<Promise<PairedChunk | null>> = [];
  let clean = true;
  try {
    for await (const { events, ledger } of pairedBatches(source.eventBlocks(), source.ledgerBlocks(), LINES_PER_JOB)) {
      inFlight.push(threads.run('pairs', { events, ledger, streamId, withEvents }));
      if (inFlight.length >= JOBS_IN_FLIGHT && !(clean = joins(await inFlight.shift()!))) break;
    }
    while (clean && inFlight.length > 0) clean = joins(await inFlight.shift()!);
  } finally {
    await Promise.allSettled(inFlight);
  }
  if (!clean || last === undefined || last.index >= treeSize) return undefined;
  return { lines: indices.length, versions: version, leaves: { count: indices.length, last }, recorded: { indices, hashes: Buffer.concat(hashes) }, replay };
}
