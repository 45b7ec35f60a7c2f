import { type ExportSource, type LedgerRecord, ledgerRecordOf } from '../export/audit-export.js';
import type { PreviousLeaf } from '../leaf/ledger-leaf.js';
import { blankLinesOf, linesOf, type LeafChunk } from './read-leaves.js';
import type { PassInput, SliceLeaves } from './slice-leaves.js';
import type { ReplayEvent } from './verify-arithmetic.js';
import { type Findings, shortHash } from './verification-report.js';
import { JOBS_IN_FLIGHT, type VerifierThreads } from './verifier-threads.js';

interface SliceLeaf {
  hex: string;
  previous: PreviousLeaf | null;
}

/**
 * The diagnosing pass: takes the export in any order and shape, and reports each thing that is
 * wrong at the ledger index it is about: ledger records, each event's leaf against its record,
 * events inserted or removed, the stream's chain of leaves, its versions and its recording
 * instants. What it reads past (blank lines, lines out of ledger order) it says it tolerated.
 */
export async function fullPass(
  source: ExportSource,
  { streamId, treeSize, withEvents }: PassInput,
  threads: VerifierThreads,
  findings: Findings,
): Promise<SliceLeaves> {
  const records = await readLedger(source.ledgerBlocks(), findings);
  for (const record of records.values()) if (record.index >= treeSize) findings.add('export', record.index, 'the ledger record lies beyond the checkpoint');
  // Which ledger record holds a stream version: only asked when something is wrong.
  let versionIndex: Map<number, LedgerRecord> | undefined;
  const byVersion = (): Map<number, LedgerRecord> => (versionIndex ??= new Map([...records.values()].map((r) => [r.streamVersion, r] as const)));
  const slice = new Map<number, SliceLeaf>();
  const versions: number[] = [];
  const versionIndices: Array<number | null> = [];
  const recordedAts: string[] = [];
  const replay: ReplayEvent[] = [];
  let line = 0;
  let lastIndex = -1;
  let inOrder = true;
  const take = (chunk: LeafChunk): void => {
    for (let i = 0; i < chunk.problem.length; i++) {
      line++;
      const problem = chunk.problem[i];
      if (problem !== null) {
        findings.add('leaves', null, `event line ${line} ${problem}`);
        continue;
      }
      const index = chunk.index[i] < 0 ? null : chunk.index[i];
      const streamVersion = chunk.streamVersion[i];
      const eventId = chunk.eventId[i];
      versions.push(streamVersion);
      versionIndices.push(index);
      recordedAts.push(chunk.recordedAt[i]);
      if (withEvents) replay.push({ index, streamVersion, type: chunk.type![i], data: chunk.data![i], recordedAt: chunk.recordedAt[i] });
      if (index !== null) {
        if (index < lastIndex) inOrder = false;
        lastIndex = index;
      }
      if (chunk.streamId[i] !== streamId) findings.add('leaves', index, `event ${eventId} belongs to stream ${chunk.streamId[i]}, not to the exported one`);
      if (index === null) {
        const there = byVersion().get(streamVersion);
        findings.add(
          'leaves',
          there?.index ?? null,
          `event ${eventId} at stream version ${streamVersion} is not in the ledger` +
            (there ? ` (its leaf at that version is event ${there.eventId})` : '') +
            ': an event was inserted into the history',
        );
        continue;
      }
      const hex = chunk.hash[i];
      const record = records.get(index);
      if (slice.has(index)) findings.add('leaves', index, 'two events claim this ledger index');
      if (record === undefined) {
        findings.add('leaves', index, 'the ledger has no leaf of this stream at this index');
      } else if (record.eventId !== eventId) {
        findings.add('leaves', index, `the ledger recorded event ${record.eventId} at this index, the log has event ${eventId}`);
      } else if (record.leafHash !== hex) {
        findings.add(
          'leaves',
          index,
          `the event hashes to ${shortHash(hex)}…, the ledger recorded ${shortHash(record.leafHash)}…: the event was changed after it was sequenced`,
        );
      } else if (record.streamVersion !== streamVersion) {
        findings.add('leaves', index, `the ledger recorded stream version ${record.streamVersion}, the event has ${streamVersion}`);
      }
      const previous = chunk.previousIndex[i] < 0 ? null : { index: chunk.previousIndex[i], leafHash: chunk.previousHash[i]! };
      slice.set(index, { hex, previous });
    }
  };
  // Blocks of lines go to the threads; a few are in flight at once, taken in order.
  const inFlight: Array<Promise<LeafChunk>> = [];
  let blank = 0;
  for await (const block of source.eventBlocks()) {
    blank += blankLinesOf(block);
    inFlight.push(threads.run('leaves', { block, withEvents }));
    if (inFlight.length >= JOBS_IN_FLIGHT) take(await inFlight.shift()!);
  }
  while (inFlight.length > 0) take(await inFlight.shift()!);
  tolerateLayout('events.jsonl', blank, inOrder, findings);
  for (const record of records.values()) {
    if (!slice.has(record.index)) {
      findings.add(
        'leaves',
        record.index,
        `the ledger records event ${record.eventId} (stream version ${record.streamVersion}) here, which the log no longer has: an event was removed`,
      );
    }
  }
  const indices = [...slice.keys()].sort((a, b) => a - b);
  checkChain(indices, slice, findings);
  checkVersions(versions, versionIndices, byVersion, findings);
  checkInstants(versions, versionIndices, recordedAts, findings);
  const last = indices.length > 0 ? indices[indices.length - 1] : undefined;
  const recordIndices = [...records.keys()].sort((a, b) => a - b);
  return {
    lines: line,
    versions: versions.length,
    leaves: { count: indices.length, last: last === undefined ? undefined : { index: last, hash: slice.get(last)!.hex } },
    // The signed root vouches for the leaf hashes the ledger recorded; the leaves check ties each
    // event's bytes to its record. So a changed event is reported once, at its index, and a root
    // that does not match means the records or the tree themselves were changed.
    recorded: { indices: recordIndices, hashes: Buffer.from(recordIndices.map((index) => records.get(index)!.leafHash).join(''), 'hex') },
    replay,
  };
}

function checkChain(indices: readonly number[], slice: ReadonlyMap<number, SliceLeaf>, findings: Findings): void {
  let before: { index: number; hex: string } | null = null;
  for (const index of indices) {
    const { previous } = slice.get(index)!;
    if (previous === null) {
      if (before !== null) findings.add('chain', index, `claims to be the stream’s first event, but index ${before.index} comes before it`);
    } else if (before === null || previous.index !== before.index) {
      if (slice.has(previous.index))
        findings.add('chain', index, `commits to index ${previous.index} as the stream’s previous event, but index ${before?.index ?? 'none'} is`);
      else findings.add('chain', previous.index, `the stream’s event at index ${index} follows this one, which the export does not have: an event was removed`);
    } else if (previous.leafHash !== before.hex) {
      findings.add(
        'chain',
        before.index,
        `hashes to ${shortHash(before.hex)}…, but the stream’s next event (index ${index}) commits to ${shortHash(previous.leafHash)}…: this event was changed`,
      );
    }
    before = { index, hex: slice.get(index)!.hex };
  }
}

function checkVersions(
  versions: readonly number[],
  indices: ReadonlyArray<number | null>,
  byVersion: () => ReadonlyMap<number, LedgerRecord>,
  findings: Findings,
): void {
  const seen = new Uint8Array(versions.length + 1);
  versions.forEach((version, i) => {
    if (version > versions.length) return;
    if (seen[version] === 1) findings.add('versions', indices[i], `stream version ${version} appears twice`);
    seen[version] = 1;
  });
  for (let version = 1; version <= versions.length; version++) {
    if (seen[version] === 0) findings.add('versions', byVersion().get(version)?.index ?? null, `stream version ${version} is missing`);
  }
}

/**
 * Recording instants never go back in stream order: each batch is recorded at the appending
 * process's clock, never earlier than the stream's last event (decider-runner's recordingInstant).
 * So no fact is recorded before its contract's first event, its registration either.
 */
function checkInstants(versions: readonly number[], indices: ReadonlyArray<number | null>, recordedAts: readonly string[], findings: Findings): void {
  const order = versions.map((_, i) => i).sort((a, b) => versions[a] - versions[b]);
  const first = order[0];
  for (let k = 1; k < order.length; k++) {
    const [before, at] = [order[k - 1], order[k]];
    if (recordedAts[at] >= recordedAts[before]) continue;
    const what =
      recordedAts[at] < recordedAts[first]
        ? `before the contract’s first event (stream version ${versions[first]}, recorded at ${recordedAts[first]})`
        : `before the stream’s previous event (stream version ${versions[before]}, recorded at ${recordedAts[before]})`;
    findings.add('instants', indices[at], `stream version ${versions[at]} is recorded at ${recordedAts[at]}, ${what}: recording instants never go back`);
  }
}

/** Blank lines and lines out of ledger order change no byte that is hashed or signed: read past, and said. */
function tolerateLayout(file: string, blank: number, inOrder: boolean, findings: Findings): void {
  if (blank > 0) findings.tolerate(`${file}: ${blank} blank line${blank === 1 ? '' : 's'} skipped`);
  if (!inOrder) findings.tolerate(`${file}: lines not in ledger order (each names its index; they were read in that order)`);
}

async function readLedger(blocks: AsyncIterable<Uint8Array>, findings: Findings): Promise<Map<number, LedgerRecord>> {
  const records = new Map<number, LedgerRecord>();
  let line = 0;
  let blank = 0;
  let lastIndex = -1;
  let inOrder = true;
  for await (const block of blocks) {
    blank += blankLinesOf(block);
    for (const text of linesOf(block)) {
      line++;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        findings.add('export', null, `ledger record ${line} is not JSON`);
        continue;
      }
      const record = ledgerRecordOf(value);
      if (record === undefined) {
        findings.add('export', null, `ledger record ${line} does not have the layout of a ledger record`);
        continue;
      }
      if (records.has(record.index)) findings.add('export', record.index, 'the ledger lists this index twice');
      if (record.index < lastIndex) inOrder = false;
      lastIndex = record.index;
      records.set(record.index, record);
    }
  }
  tolerateLayout('ledger.jsonl', blank, inOrder, findings);
  return records;
}
