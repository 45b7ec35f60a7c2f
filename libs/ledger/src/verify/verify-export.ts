import { contractStreamId } from '#domain';
import { type Checkpoint, openCheckpoint, parseCheckpointText } from '../checkpoint/checkpoint.js';
import { type ExportManifest, type ExportSource, EXPORT_FORMAT, type SliceProof } from '../export/audit-export.js';
import { headLeafHash, type StreamHead } from '../heads/stream-heads.js';
import { hasMembers, isHexHash, isIndex, isObject, isUtcInstant } from '../json-shapes.js';
import { type Hash, hashFromHex } from '../merkle/tree-hash.js';
import { rootFromMultiProof, verifyInclusion } from '../merkle/verify-proofs.js';
import { NoteKeyError, NoteVerifier } from '../note/note-keys.js';
import { parseNote } from '../note/signed-note.js';
import { fullPass } from './full-pass.js';
import { pairedPass } from './paired-pass.js';
import type { SliceLeaves } from './slice-leaves.js';
import { verifyArithmetic } from './verify-arithmetic.js';
import { createVerifierThreads } from './verifier-threads.js';
import { type CheckName, type CheckResult, Findings, shortHash, type VerificationReport } from './verification-report.js';

export interface VerifyOptions {
  /** The verifier key the auditor pinned (as the service publishes it). */
  trustedKey?: string;
  /**
   * Without a pinned key, check the checkpoint against the export's own key, and say so in the
   * verdict with that key's fingerprint. Otherwise an export checked without a pinned key fails:
   * whoever can change an export can sign it with a key of their own.
   */
  trustExportKey?: boolean;
  /** Replay the facts through the rules (default true); integrity only when false. */
  arithmetic?: boolean;
  /** Threads that parse and hash the leaves (default: the machine's cores, at most 4; 1: this thread only). */
  threads?: number;
}

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
  const passed = (...names: CheckName[]): boolean => names.every((name) => findings.of(name) === 0);
  const done = (check: CheckName, summary: string): void => {
    checks.push({ check, ok: passed(check), summary });
  };

  // The key and the checkpoint. Without a pinned key the checks still run (with the export's own
  // key), so that the report says what else is wrong, but the key check fails unless asked not to.
  const pinned = options.trustedKey !== undefined;
  if (!pinned && options.trustExportKey !== true) {
    findings.add('key', null, 'no key pinned: give the key the service publishes (--key), or --trust-export-key to check the export against its own key');
  }
  let verifier: NoteVerifier | undefined;
  try {
    verifier = NoteVerifier.parse(options.trustedKey ?? source.publicKey);
  } catch (error) {
    findings.add('key', null, error instanceof NoteKeyError ? error.message : 'the verifier key cannot be read');
  }
  if (pinned && source.publicKey.trim() !== options.trustedKey!.trim()) {
    findings.add('key', null, 'the export carries another public key than the one you trust');
  }
  done(
    'key',
    verifier
      ? `${verifier.toString()}, fingerprint ${verifier.fingerprint} (${pinned ? 'the key you gave' : 'the export’s own key, not pinned: compare it with the key the service publishes'})`
      : 'no usable verifier key',
  );

  let checkpoint: Checkpoint | undefined;
  if (verifier) {
    const opened = openCheckpoint(source.checkpoint, verifier);
    if ('checkpoint' in opened) checkpoint = opened.checkpoint;
    else findings.add('checkpoint', null, opened.problem);
  }
  if (checkpoint === undefined) checkpoint = unsignedCheckpoint(source.checkpoint);
  done(
    'checkpoint',
    checkpoint
      ? `signed note of ${checkpoint.origin}: tree size ${checkpoint.treeSize}, root ${shortHash(checkpoint.rootHash.toString('hex'))}…, ${checkpoint.heads.count} stream heads`
      : 'no readable checkpoint',
  );

  const manifest = readManifest(source.manifest, findings);
  const proof = readProof(source.proof, findings);
  const treeSize = checkpoint?.treeSize ?? manifest?.treeSize ?? 0;
  if (checkpoint && manifest && manifest.treeSize !== checkpoint.treeSize)
    findings.add('export', null, `the manifest says tree size ${manifest.treeSize}, the checkpoint ${checkpoint.treeSize}`);
  if (checkpoint && proof && proof.treeSize !== checkpoint.treeSize)
    findings.add('export', null, `the proof is for tree size ${proof.treeSize}, the checkpoint is for ${checkpoint.treeSize}`);
  if (manifest && manifest.streamId !== contractStreamId(manifest.contractId)) {
    findings.add('export', null, `stream ${manifest.streamId} is not the stream of contract ${manifest.contractId}`);
  }

  // Every event and ledger record: read once as an honest export has them; read again, to say
  // what is wrong and where, when they are not.
  const streamId = manifest?.streamId;
  const pass = { streamId, treeSize, withEvents: options.arithmetic !== false };
  const threads = createVerifierThreads(options.threads);
  let slice: SliceLeaves;
  try {
    slice = (await pairedPass(source, pass, threads)) ?? (await fullPass(source, pass, threads, findings));
  } finally {
    await threads.close();
  }
  if (manifest && manifest.events !== slice.lines)
    findings.add('export', null, `the manifest says ${manifest.events} events, events.jsonl holds ${slice.lines}`);
  checkHead(slice, proof, checkpoint, streamId, findings);
  checkTree(slice, proof, checkpoint, findings);
  done(
    'export',
    `${manifest?.format ?? 'unknown format'} of stream ${manifest?.streamId ?? '(unknown)'} exported at ${manifest?.exportedAt ?? '(unknown)'}: ${slice.lines} events, ${slice.recorded.indices.length} ledger records`,
  );
  done('leaves', `${slice.lines} events, each leaf (RFC 8785 bytes) hashed and compared with the leaf hash the ledger recorded`);
  checks.push({
    check: 'chain',
    ok: passed('chain', 'versions', 'instants'),
    summary: `each event commits to the stream’s previous leaf; stream versions 1 to ${slice.versions} each once; recording instants never go back in stream order, none before the contract’s first event`,
  });
  done(
    'head',
    proof?.head
      ? `the stream’s last leaf (index ${proof.head.index}, ${proof.head.leaves} leaves) is the head the checkpoint signs, proven in its heads tree`
      : 'the stream has no head',
  );
  done('tree', `the stream’s ${slice.recorded.indices.length} leaves and ${proof?.hashes.length ?? 0} proof hashes recompute the checkpoint’s root`);

  if (options.arithmetic !== false) {
    const summary = verifyArithmetic(slice.replay, findings);
    done(
      'arithmetic',
      `${summary.facts} facts replayed through the rules; ${summary.derived} events derived from them (outcomes verified and reversed, agreements, supersessions, adjustments) and ${summary.confirmations} payment confirmations compared with what the rules give`,
    );
  }

  return {
    ok: findings.count === 0,
    contractId: manifest?.contractId ?? null,
    treeSize: checkpoint?.treeSize ?? null,
    key: { pinned, fingerprint: verifier?.fingerprint ?? null },
    checks,
    tolerated: findings.tolerated,
    failures: findings.list,
    failureCount: findings.count,
  };
}

function checkHead(
  { leaves }: SliceLeaves,
  proof: SliceProof | undefined,
  checkpoint: Checkpoint | undefined,
  streamId: string | undefined,
  findings: Findings,
): void {
  const head = proof?.head ?? null;
  const last = leaves.last;
  if (head === null) {
    findings.add(
      'head',
      last?.index ?? null,
      last !== undefined
        ? 'the export has no signed head for the stream'
        : 'the export holds no event of the contract and no signed head: a contract’s history begins with its registration, which every checkpoint after it signs as a head, so an empty one is a history whose events were removed',
    );
    return;
  }
  if (head.streamId !== streamId) findings.add('head', head.index, 'the head is of another stream');
  if (last === undefined || head.index > last.index) {
    findings.add(
      'head',
      head.index,
      `the checkpoint signs this index as the stream’s last event, but the export ends ${last === undefined ? 'before any' : `at index ${last.index}`}: events were removed from the end`,
    );
  } else if (head.index < last.index) {
    findings.add('head', last.index, `the export has events after the stream’s signed head (index ${head.index})`);
  } else if (last.hash !== head.leafHash) {
    findings.add(
      'head',
      last.index,
      `the stream’s last event hashes to ${shortHash(last.hash)}…, the checkpoint signs ${shortHash(head.leafHash)}…: it was changed`,
    );
  }
  if (head.leaves !== leaves.count)
    findings.add('head', head.index, `the checkpoint signs ${head.leaves} events in the stream, the export has ${leaves.count} in the ledger`);
  const headProof = proof?.headProof;
  if (!checkpoint || !headProof) {
    findings.add('head', head.index, 'the head has no proof in the checkpoint’s heads tree');
    return;
  }
  const path = headProof.path.map(hashFromHex);
  const check =
    path.every((h) => h !== undefined) && headProof.count === checkpoint.heads.count
      ? verifyInclusion(headProof.position, headProof.count, headLeafHash(head), path, checkpoint.heads.root)
      : { ok: false as const, reason: 'the proof is not for the checkpoint’s heads tree' };
  if (!check.ok) findings.add('head', head.index, `the head is not the one the checkpoint signs: ${check.reason}`);
}

function checkTree({ recorded }: SliceLeaves, proof: SliceProof | undefined, checkpoint: Checkpoint | undefined, findings: Findings): void {
  if (!checkpoint || !proof) {
    findings.add('tree', null, 'no checkpoint or proof to check the tree against');
    return;
  }
  const proofHashes = proof.hashes.map(hashFromHex);
  if (proofHashes.some((h) => h === undefined)) {
    findings.add('tree', null, 'a proof hash is not 64 hex digits');
    return;
  }
  if (recorded.indices.length === 0) {
    findings.add('tree', null, 'the export has no ledger record to prove: a proof of no leaf says nothing of the contract');
    return;
  }
  const result = rootFromMultiProof(recorded.indices, recorded.hashes, checkpoint.treeSize, proofHashes as Hash[]);
  if (result.root === undefined) findings.add('tree', null, `the proof does not fit the stream’s leaves: ${result.reason}`);
  else if (!result.root.equals(checkpoint.rootHash)) {
    findings.add(
      'tree',
      null,
      `the stream’s leaves and the proof give root ${shortHash(result.root.toString('hex'))}…, the checkpoint signs ${shortHash(checkpoint.rootHash.toString('hex'))}…: the stream or the tree was changed and rebuilt`,
    );
  }
}

function unsignedCheckpoint(note: string): Checkpoint | undefined {
  const parsed = parseNote(note);
  if ('problem' in parsed) return undefined;
  const checkpoint = parseCheckpointText(parsed.text);
  return 'checkpoint' in checkpoint ? checkpoint.checkpoint : undefined;
}

const MANIFEST_MEMBERS = ['format', 'contractId', 'streamId', 'treeSize', 'events', 'exportedAt'];
const PROOF_MEMBERS = ['treeSize', 'hashes', 'head', 'headProof'];
const HEAD_MEMBERS = ['streamId', 'index', 'leafHash', 'leaves'];
const HEAD_PROOF_MEMBERS = ['position', 'count', 'path'];

function readManifest(value: unknown, findings: Findings): ExportManifest | undefined {
  if (
    !isObject(value) ||
    !hasMembers(value, MANIFEST_MEMBERS) ||
    value.format !== EXPORT_FORMAT ||
    typeof value.contractId !== 'string' ||
    typeof value.streamId !== 'string' ||
    !isIndex(value.treeSize) ||
    !isIndex(value.events) ||
    !isUtcInstant(value.exportedAt)
  ) {
    findings.add('export', null, `the manifest is not a ${EXPORT_FORMAT} manifest (exactly ${MANIFEST_MEMBERS.join(', ')})`);
    return undefined;
  }
  return {
    format: EXPORT_FORMAT,
    contractId: value.contractId,
    streamId: value.streamId,
    treeSize: value.treeSize,
    events: value.events,
    exportedAt: value.exportedAt,
  };
}

function readProof(value: unknown, findings: Findings): SliceProof | undefined {
  const head = isObject(value) ? value.head : undefined;
  const headProof = isObject(value) ? value.headProof : undefined;
  const headOk =
    head === null ||
    (isObject(head) &&
      hasMembers(head, HEAD_MEMBERS) &&
      typeof head.streamId === 'string' &&
      isIndex(head.index) &&
      isHexHash(head.leafHash) &&
      isIndex(head.leaves));
  const headProofOk =
    headProof === null ||
    (isObject(headProof) &&
      hasMembers(headProof, HEAD_PROOF_MEMBERS) &&
      isIndex(headProof.position) &&
      isIndex(headProof.count) &&
      Array.isArray(headProof.path) &&
      headProof.path.every(isHexHash));
  if (
    !isObject(value) ||
    !hasMembers(value, PROOF_MEMBERS) ||
    !isIndex(value.treeSize) ||
    !Array.isArray(value.hashes) ||
    !value.hashes.every(isHexHash) ||
    !headOk ||
    !headProofOk
  ) {
    findings.add('export', null, 'the proof file does not have the layout of a slice proof');
    return undefined;
  }
  const h = head as StreamHead | null;
  return {
    treeSize: value.treeSize,
    hashes: value.hashes,
    head: h === null ? null : { streamId: h.streamId, index: h.index, leafHash: h.leafHash, leaves: h.leaves },
    headProof: headProof as SliceProof['headProof'],
  };
}
