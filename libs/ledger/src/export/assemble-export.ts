import type { StreamHead } from '../heads/stream-heads.js';
import { type LeafEvent, LEAF_FORMAT, leafText, type PreviousLeaf } from '../leaf/ledger-leaf.js';
import type { Hash } from '../merkle/tree-hash.js';
import { type AuditExport, EXPORT_FORMAT, type LedgerRecord } from './audit-export.js';

export interface ExportEventRow {
  event: LeafEvent;
  /** The ledger's index and previous leaf for this event; null when the ledger never took it. */
  ledger: { index: number; previous: PreviousLeaf | null } | null;
}

/**
 * Puts an export together from what the log and the ledger hold now, as they hold it: nothing is
 * checked here (a verifier must not need to trust the exporter), so a changed log shows up in it.
 */
export function assembleExport(input: {
  contractId: string;
  streamId: string;
  checkpoint: string;
  publicKey: string;
  treeSize: number;
  events: readonly ExportEventRow[];
  ledger: readonly LedgerRecord[];
  proofHashes: readonly Hash[];
  head: { head: StreamHead; position: number; count: number; path: readonly Hash[] } | null;
  exportedAt: string;
}): AuditExport {
  const rows = [...input.events].sort(
    (a, b) => (a.ledger?.index ?? Number.MAX_SAFE_INTEGER) - (b.ledger?.index ?? Number.MAX_SAFE_INTEGER) || a.event.streamVersion - b.event.streamVersion,
  );
  return {
    manifest: {
      format: EXPORT_FORMAT,
      contractId: input.contractId,
      streamId: input.streamId,
      treeSize: input.treeSize,
      events: rows.length,
      exportedAt: input.exportedAt,
    },
    checkpoint: input.checkpoint,
    publicKey: input.publicKey,
    events: rows.map((row) => leafText({ format: LEAF_FORMAT, index: row.ledger?.index ?? null, previous: row.ledger?.previous ?? null, event: row.event })),
    ledger: [...input.ledger].sort((a, b) => a.index - b.index),
    proof: {
      treeSize: input.treeSize,
      hashes: input.proofHashes.map((h) => h.toString('hex')),
      head: input.head?.head ?? null,
      headProof: input.head ? { position: input.head.position, count: input.head.count, path: input.head.path.map((h) => h.toString('hex')) } : null,
    },
  };
}
