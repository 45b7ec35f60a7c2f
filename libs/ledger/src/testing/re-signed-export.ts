import type { AuditExport } from '../export/audit-export.js';
import { type LeafEvent, parseLeaf } from '../leaf/ledger-leaf.js';
import type { NoteSigner } from '../note/note-keys.js';
import { InMemoryLedger } from './in-memory-ledger.js';

/**
 * What an attacker who holds a key of their own makes of an export: its events, changed as they
 * like, sequenced into a ledger of their own and signed, with their public key in the export. Every
 * check but the pinned key passes on it.
 */
export async function reSignedExport(exported: AuditExport, signer: NoteSigner, change: (events: LeafEvent[]) => LeafEvent[]): Promise<AuditExport> {
  const events = exported.events.map((line) => {
    const parsed = parseLeaf(line);
    if ('problem' in parsed) throw new Error(`the export's event line ${parsed.problem}`);
    return parsed.leaf.event;
  });
  const ledger = new InMemoryLedger(signer);
  ledger.events.push(...change(events));
  ledger.sequence();
  ledger.checkpoint();
  return ledger.export(exported.manifest.contractId, exported.manifest.streamId);
}
