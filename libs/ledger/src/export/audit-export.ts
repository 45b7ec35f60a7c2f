import type { StreamHead } from '../heads/stream-heads.js';
import { hasMembers, isHexHash, isIndex, isObject } from '../json-shapes.js';

/**
 * An audit export: one contract's slice of the ledger with everything needed to check it offline,
 * as a directory of these files (docs/ledger.md specifies each).
 */
export const EXPORT_FORMAT = 'outcome-ledger/audit-export/v1';

export const EXPORT_FILES = {
  manifest: 'manifest.json',
  checkpoint: 'checkpoint.txt',
  publicKey: 'public-key.txt',
  events: 'events.jsonl',
  ledger: 'ledger.jsonl',
  proof: 'proof.json',
} as const;

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  contractId: string;
  streamId: string;
  /** The checkpoint's tree size: the export covers the stream's leaves below it. */
  treeSize: number;
  events: number;
  exportedAt: string;
}

/** What the ledger recorded for one of the stream's leaves. */
export interface LedgerRecord {
  index: number;
  eventId: string;
  streamVersion: number;
  /** Lowercase hex. */
  leafHash: string;
}

export interface SliceProof {
  treeSize: number;
  /** The multi-leaf inclusion proof of the stream's leaves (the ledger records' indices), hex, left to right. */
  hashes: string[];
  /** The stream's head at the tree size, as the checkpoint's heads tree holds it (null: the stream has no leaf yet). */
  head: StreamHead | null;
  /** Its inclusion proof in the heads tree. */
  headProof: { position: number; count: number; path: string[] } | null;
}

/** An export held in memory (tests, the HTTP download); the directory form holds the same. */
export interface AuditExport {
  manifest: ExportManifest;
  /** The signed note. */
  checkpoint: string;
  /** The verifier key string. */
  publicKey: string;
  /** One leaf per line, the exact leaf bytes. */
  events: string[];
  ledger: LedgerRecord[];
  proof: SliceProof;
}

/** An export to verify: small parts at hand, the two JSON Lines files read block by block (a million lines do not fit a string). */
export interface ExportSource {
  manifest: unknown;
  checkpoint: string;
  publicKey: string;
  proof: unknown;
  /** events.jsonl in blocks of whole lines (UTF-8 bytes, each ending at a line's end). */
  eventBlocks(): AsyncIterable<Uint8Array>;
  /** ledger.jsonl, likewise. */
  ledgerBlocks(): AsyncIterable<Uint8Array>;
}

export function sourceOf(exported: AuditExport): ExportSource {
  return {
    manifest: exported.manifest,
    checkpoint: exported.checkpoint,
    publicKey: exported.publicKey,
    proof: exported.proof,
    eventBlocks: () => blocksOf(exported.events),
    ledgerBlocks: () => blocksOf(exported.ledger.map(ledgerRecordLine)),
  };
}

// eslint-disable-next-line @typescript-eslint/require-await -- an export in memory, read through the AsyncIterable every source gives
async function* blocksOf(lines: readonly string[]): AsyncIterable<Uint8Array> {
  for (let i = 0; i < lines.length; i += 1000) yield Buffer.from(`${lines.slice(i, i + 1000).join('\n')}\n`, 'utf8');
}

/** A line of ledger.jsonl as the exporter writes it: its members in this order, no spaces. */
export function ledgerRecordLine({ index, eventId, streamVersion, leafHash }: LedgerRecord): string {
  return `{"index":${index},"eventId":${JSON.stringify(eventId)},"streamVersion":${streamVersion},"leafHash":${JSON.stringify(leafHash)}}`;
}

/** A line of ledger.jsonl as a LedgerRecord; undefined when it does not have that layout. */
export function ledgerRecordOf(value: unknown): LedgerRecord | undefined {
  if (!isObject(value) || !hasMembers(value, ['index', 'eventId', 'streamVersion', 'leafHash'])) return undefined;
  const { index, eventId, streamVersion, leafHash } = value;
  if (!isIndex(index) || typeof eventId !== 'string' || !isIndex(streamVersion) || !isHexHash(leafHash)) return undefined;
  return { index, eventId, streamVersion, leafHash };
}
