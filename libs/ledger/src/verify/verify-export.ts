// The stream naming convention only (a pure module: the contracts library's index would bring Nest).
import { contractStreamId } from '#contracts/contract-stream.js';
import { type Checkpoint, openCheckpoint, parseCheckpointText } from '../checkpoint/checkpoint.js';
import { type ExportSource, EXPORT_FORMAT, type LedgerRecord, type SliceProof } from '../export/audit-export.js';
import { headLeafHash, type StreamHead } from '../heads/stream-heads.js';
import type { PreviousLeaf } from '../leaf/ledger-leaf.js';
import { type Hash, hashFromHex } from '../merkle/tree-hash.js';
import { rootFromMultiProof, verifyInclusion } from '../merkle/verify-proofs.js';
import { NoteKeyError, NoteVerifier } from '../note/note-keys.js';
import { parseNote } from '../note/signed-note.js';
import { createLeafReader } from './leaf-reader.js';
import type { LeafChunk } from './read-leaves.js';
import { type ReplayEvent, verifyArithmetic } from './verify-arithmetic.js';
import { type CheckName, type CheckResult, Findings, type VerificationReport } from './verification-report.js';

export interface VerifyOptions {
  /** The verifier key the auditor trusts (as the service publishes it); the export's own key when absent. */
  trustedKey?: string;
  /** Replay the facts through the rules (default true); integrity only when false. */
  arithmetic?: boolean;
  /** Threads that parse and hash the leaves (default: the machine's cores, at most 4; 1: this thread only). */
  threads?: number;
}

const IN_FLIGHT = 8;

interface SliceLeaf {
  hex: string;
  previous: PreviousLeaf | null;
  streamVersion: number;
  eventId: string;
}

const short = (hex: string): string => hex.slice(0, 16);

/**
 * Checks an audit export with nothing but the export (and, ideally, a key the auditor trusts): the
 * checkpoint's signature, every event's leaf hash against what the ledger recorded, the stream's
 * chain of leaves and versions, its head against the one the checkpoint signs, the tree's root
 * from the stream's leaves and the proof, and the arithmetic of every outcome and payment.
 * Every failure names the ledger index it is about where there is one.
 */
export async function verifyExport(source: ExportSource, options: VerifyOptions = {}): Promise<VerificationReport> {
  const findings = new Findings();
  const checks: CheckResult[] = [];
  const done = (check: CheckName, before: number, summary: string): void => {
    checks.push({ check, ok: findings.count === before, summary });
  };

  // The key and the checkpoint.
  let before = findings.count;
  let verifier: NoteVerifier | undefined;
  try {
    verifier = NoteVerifier.parse(options.trustedKey ?? source.publicKey);
  } catch (error) {
    findings.add('key', null, error instanceof NoteKeyError ? error.message : 'the verifier key cannot be read');
  }
  if (options.trustedKey !== undefined && source.publicKey.trim() !== options.trustedKey.trim()) {
    findings.add('key', null, 'the export carries another public key than the one you trust');
  }
  done('key', before, verifier
    ? `${verifier.toString()} (${options.trustedKey !== undefined ? 'the key you gave' : 'the export’s own key: compare it with the key the service publishes'})`
    : 'no usable verifier key');

  before = findings.count;
  let checkpoint: Checkpoint | undefined;
  if (verifier) {
    const opened = openCheckpoint(source.checkpoint, verifier);
    if ('checkpoint' in opened) checkpoint = opened.checkpoint;
    else findings.add('checkpoint', null, opened.problem);
  }
  if (checkpoint === undefined) checkpoint = unsignedCheckpoint(source.checkpoint);
  done('checkpoint', before, checkpoint
    ? `signed note of ${checkpoint.origin}: tree size ${checkpoint.treeSize}, root ${short(checkpoint.rootHash.toString('hex'))}…, ${checkpoint.heads.count} stream heads`
    : 'no readable checkpoint');

  before = findings.count;
  const manifest = readManifest(source.manifest, findings);
  const proof = readProof(source.proof, findings);
  const records = readLedger(source.ledger, findings);
  const treeSize = checkpoint?.treeSize ?? manifest?.treeSize ?? 0;
  if (checkpoint && manifest && manifest.treeSize !== checkpoint.treeSize) findings.add('export', null, `the manifest says tree size ${manifest.treeSize}, the checkpoint ${checkpoint.treeSize}`);
  if (checkpoint && proof && proof.treeSize !== checkpoint.treeSize) findings.add('export', null, `the proof is for tree size ${proof.treeSize}, the checkpoint is for ${checkpoint.treeSize}`);
  if (manifest && manifest.streamId !== contractStreamId(manifest.contractId)) {
    findings.add('export', null, `stream ${manifest.streamId} is not the stream of contract ${manifest.contractId}`);
  }
  for (const record of records.values()) if (record.index >= treeSize) findings.add('export', record.index, 'the ledger record lies beyond the checkpoint');
  done('export', before, `${manifest?.format ?? 'unknown format'} of stream ${manifest?.streamId ?? '(unknown)'}, ${records.size} ledger records`);

  // Every event: its leaf bytes and what the ledger recorded for it.
  before = findings.count;
  const streamId = manifest?.streamId;
  // Which ledger record holds a stream version: only asked when something is wrong.
  let versionIndex: Map<number, LedgerRecord> | undefined;
  const byVersion = (): Map<number, LedgerRecord> => (versionIndex ??= new Map([...records.values()].map((r) => [r.streamVersion, r] as const)));
  const slice = new Map<number, SliceLeaf>();
  const versions: number[] = [];
  const versionIndices: Array<number | null> = [];
  const replay: ReplayEvent[] = [];
  let line = 0;
  const withEvents = options.arithmetic !== false;
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
      if (withEvents) replay.push({ index, streamVersion, type: chunk.type![i], data: chunk.data![i], recordedAt: chunk.recordedAt![i] });
      if (chunk.streamId[i] !== streamId) findings.add('leaves', index, `event ${eventId} belongs to stream ${chunk.streamId[i]}, not to the exported one`);
      if (index === null) {
        const there = byVersion().get(streamVersion);
        findings.add('leaves', there?.index ?? null, `event ${eventId} at stream version ${streamVersion} is not in the ledger` +
          (there ? ` (its leaf at that version is event ${there.eventId})` : '') + ': an event was inserted into the history');
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
        findings.add('leaves', index, `the event hashes to ${short(hex)}…, the ledger recorded ${short(record.leafHash)}…: the event was changed after it was sequenced`);
      } else if (record.streamVersion !== streamVersion) {
        findings.add('leaves', index, `the ledger recorded stream version ${record.streamVersion}, the event has ${streamVersion}`);
      }
      const previous = chunk.previousIndex[i] < 0 ? null : { index: chunk.previousIndex[i], leafHash: chunk.previousHash[i]! };
      slice.set(index, { hex, previous, streamVersion, eventId });
    }
  };
  // Blocks of lines go to the reader's threads; a few are in flight at once, taken in order.
  const reader = createLeafReader(withEvents, options.threads);
  const inFlight: Array<Promise<LeafChunk>> = [];
  try {
    for await (const block of source.eventBlocks()) {
      inFlight.push(reader.read(block));
      if (inFlight.length >= IN_FLIGHT) take(await inFlight.shift()!);
    }
    while (inFlight.length > 0) take(await inFlight.shift()!);
  } finally {
    await reader.close();
  }
  for (const record of records.values()) {
    if (!slice.has(record.index)) {
      findings.add('leaves', record.index, `the ledger records event ${record.eventId} (stream version ${record.streamVersion}) here, which the log no longer has: an event was removed`);
    }
  }
  done('leaves', before, `${line} events, each leaf (RFC 8785 bytes) hashed and compared with the leaf hash the ledger recorded`);

  const indices = [...slice.keys()].sort((a, b) => a - b);
  checkChain(indices, slice, findings);
  checkVersions(versions, versionIndices, byVersion, findings);
  checkHead(indices, slice, proof, checkpoint, streamId, findings);
  checkTree(records, proof, checkpoint, findings);
  const chainFindings = findings.of('chain') + findings.of('versions');
  checks.push({ check: 'chain', ok: chainFindings === 0, summary: `each event commits to the stream’s previous leaf; stream versions 1 to ${versions.length} each once` });
  checks.push({ check: 'head', ok: findings.of('head') === 0, summary: proof?.head
    ? `the stream’s last leaf (index ${proof.head.index}, ${proof.head.leaves} leaves) is the head the checkpoint signs, proven in its heads tree`
    : 'the stream has no head' });
  checks.push({ check: 'tree', ok: findings.of('tree') === 0, summary: `the stream’s ${records.size} leaves and ${proof?.hashes.length ?? 0} proof hashes recompute the checkpoint’s root` });

  if (options.arithmetic !== false) {
    before = findings.count;
    const summary = verifyArithmetic(replay, findings);
    done('arithmetic', before, `${summary.facts} facts replayed through the rules; ${summary.derived} outcome events (verified, reversed) and ${summary.confirmations} payment confirmations compared with what the rules give`);
  }

  return { ok: findings.count === 0, contractId: manifest?.contractId ?? null, treeSize: checkpoint?.treeSize ?? null, checks, failures: findings.list, failureCount: findings.count };
}

function checkChain(indices: readonly number[], slice: ReadonlyMap<number, SliceLeaf>, findings: Findings): void {
  let before: { index: number; hex: string } | null = null;
  for (const index of indices) {
    const { previous } = slice.get(index)!;
    if (previous === null) {
      if (before !== null) findings.add('chain', index, `claims to be the stream’s first event, but index ${before.index} comes before it`);
    } else if (before === null || previous.index !== before.index) {
      if (slice.has(previous.index)) findings.add('chain', index, `commits to index ${previous.index} as the stream’s previous event, but index ${before?.index ?? 'none'} is`);
      else findings.add('chain', previous.index, `the stream’s event at index ${index} follows this one, which the export does not have: an event was removed`);
    } else if (previous.leafHash !== before.hex) {
      findings.add('chain', before.index, `hashes to ${short(before.hex)}…, but the stream’s next event (index ${index}) commits to ${short(previous.leafHash)}…: this event was changed`);
    }
    before = { index, hex: slice.get(index)!.hex };
  }
}

function checkVersions(versions: readonly number[], indices: ReadonlyArray<number | null>, byVersion: () => ReadonlyMap<number, LedgerRecord>, findings: Findings): void {
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

function checkHead(indices: readonly number[], slice: ReadonlyMap<number, SliceLeaf>, proof: SliceProof | undefined, checkpoint: Checkpoint | undefined, streamId: string | undefined, findings: Findings): void {
  const head = proof?.head ?? null;
  const last = indices.length > 0 ? indices[indices.length - 1] : undefined;
  if (head === null) {
    if (last !== undefined) findings.add('head', last, 'the export has no signed head for the stream');
    return;
  }
  if (head.streamId !== streamId) findings.add('head', head.index, 'the head is of another stream');
  if (last === undefined || head.index > last) {
    findings.add('head', head.index, `the checkpoint signs this index as the stream’s last event, but the export ends ${last === undefined ? 'before any' : `at index ${last}`}: events were removed from the end`);
  } else if (head.index < last) {
    findings.add('head', last, `the export has events after the stream’s signed head (index ${head.index})`);
  } else if (slice.get(last)!.hex !== head.leafHash) {
    findings.add('head', last, `the stream’s last event hashes to ${short(slice.get(last)!.hex)}…, the checkpoint signs ${short(head.leafHash)}…: it was changed`);
  }
  if (head.leaves !== indices.length) findings.add('head', head.index, `the checkpoint signs ${head.leaves} events in the stream, the export has ${indices.length} in the ledger`);
  const headProof = proof?.headProof;
  if (!checkpoint || !headProof) {
    findings.add('head', head.index, 'the head has no proof in the checkpoint’s heads tree');
    return;
  }
  const path = headProof.path.map(hashFromHex);
  const check = path.every((h) => h !== undefined) && headProof.count === checkpoint.heads.count
    ? verifyInclusion(headProof.position, headProof.count, headLeafHash(head), path as Hash[], checkpoint.heads.root)
    : { ok: false as const, reason: 'the proof is not for the checkpoint’s heads tree' };
  if (!check.ok) findings.add('head', head.index, `the head is not the one the checkpoint signs: ${check.reason}`);
}

function checkTree(records: ReadonlyMap<number, LedgerRecord>, proof: SliceProof | undefined, checkpoint: Checkpoint | undefined, findings: Findings): void {
  if (!checkpoint || !proof) {
    findings.add('tree', null, 'no checkpoint or proof to check the tree against');
    return;
  }
  // The signed root vouches for the leaf hashes the ledger recorded; the leaves check ties each
  // event's bytes to its record. So a changed event is reported once, at its index, and a root
  // that does not match means the records or the tree themselves were changed.
  const indices = [...records.keys()].sort((a, b) => a - b);
  const hashes = indices.map((index) => Buffer.from(records.get(index)!.leafHash, 'hex'));
  const proofHashes = proof.hashes.map(hashFromHex);
  if (proofHashes.some((h) => h === undefined)) {
    findings.add('tree', null, 'a proof hash is not 64 hex digits');
    return;
  }
  if (indices.length === 0) return;
  const result = rootFromMultiProof(indices, hashes, checkpoint.treeSize, proofHashes as Hash[]);
  if (result.root === undefined) findings.add('tree', null, `the proof does not fit the stream’s leaves: ${result.reason}`);
  else if (!result.root.equals(checkpoint.rootHash)) {
    findings.add('tree', null, `the stream’s leaves and the proof give root ${short(result.root.toString('hex'))}…, the checkpoint signs ${short(checkpoint.rootHash.toString('hex'))}…: the stream or the tree was changed and rebuilt`);
  }
}

function unsignedCheckpoint(note: string): Checkpoint | undefined {
  const parsed = parseNote(note);
  if ('problem' in parsed) return undefined;
  const checkpoint = parseCheckpointText(parsed.text);
  return 'checkpoint' in checkpoint ? checkpoint.checkpoint : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const HEX_HASH = /^[0-9a-f]{64}$/;
const isHex = (v: unknown): v is string => typeof v === 'string' && HEX_HASH.test(v);

function readManifest(value: unknown, findings: Findings): { format: string; contractId: string; streamId: string; treeSize: number } | undefined {
  if (!isObject(value) || value.format !== EXPORT_FORMAT || typeof value.contractId !== 'string' || typeof value.streamId !== 'string' || !isIndex(value.treeSize)) {
    findings.add('export', null, `the manifest is not a ${EXPORT_FORMAT} manifest`);
    return undefined;
  }
  return { format: value.format, contractId: value.contractId, streamId: value.streamId, treeSize: value.treeSize };
}

function readProof(value: unknown, findings: Findings): SliceProof | undefined {
  const head = isObject(value) ? value.head : undefined;
  const headProof = isObject(value) ? value.headProof : undefined;
  const headOk = head === null || (isObject(head) && typeof head.streamId === 'string' && isIndex(head.index) && isHex(head.leafHash) && isIndex(head.leaves));
  const headProofOk = headProof === null || (isObject(headProof) && isIndex(headProof.position) && isIndex(headProof.count) && Array.isArray(headProof.path) && headProof.path.every(isHex));
  if (!isObject(value) || !isIndex(value.treeSize) || !Array.isArray(value.hashes) || !value.hashes.every(isHex) || !headOk || !headProofOk) {
    findings.add('export', null, 'the proof file does not have the layout of a slice proof');
    return undefined;
  }
  const h = head as StreamHead | null;
  return {
    treeSize: value.treeSize,
    hashes: value.hashes as string[],
    head: h === null ? null : { streamId: h.streamId, index: h.index, leafHash: h.leafHash, leaves: h.leaves },
    headProof: headProof as SliceProof['headProof'],
  };
}

function readLedger(values: readonly unknown[], findings: Findings): Map<number, LedgerRecord> {
  const records = new Map<number, LedgerRecord>();
  values.forEach((value, line) => {
    if (!isObject(value) || !isIndex(value.index) || typeof value.eventId !== 'string' || !isIndex(value.streamVersion) || !isHex(value.leafHash)) {
      findings.add('export', null, `ledger record ${line + 1} does not have the layout of a ledger record`);
      return;
    }
    if (records.has(value.index)) findings.add('export', value.index, 'the ledger lists this index twice');
    records.set(value.index, { index: value.index, eventId: value.eventId, streamVersion: value.streamVersion, leafHash: value.leafHash });
  });
  return records;
}
