import { contractStreamId } from '#contracts';
import { writeExportDirectory } from '#ledger';
import { AuditExporter, LedgerSigning, LedgerKey } from '#ledger/service/index.js';
import { withCliContext } from './cli-context.js';

/** Sequences what is committed, signs a checkpoint if the log grew, and writes the contract's export. */
export async function exportContract(contractId: string, out: string): Promise<string> {
  return withCliContext(async (app) => {
    const signed = await app.get(LedgerSigning).signNow();
    if (signed === undefined) throw new Error('the log is empty: nothing to export');
    const exported = await app.get(AuditExporter).export(contractId, contractStreamId(contractId));
    await writeExportDirectory(out, exported);
    return `wrote ${exported.manifest.events} events of ${contractId} at tree size ${exported.manifest.treeSize} to ${out}; ` +
      `verify it with: npm run cli -- audit verify ${out} --key ${exported.publicKey}`;
  });
}

export function printPublicKey(): Promise<string> {
  return withCliContext(async (app) => app.get(LedgerKey).verifierKey);
}
