import { CommandBus } from '@nestjs/cqrs';
import { AuditExporter, LedgerKey, SignCheckpoint } from '#ledger/service/index.js';
import { withCliContext } from './cli-context.js';
import { contractStreamId } from '#domain';

/** Sequences what is committed, signs a checkpoint if the log grew, and writes the contract's export. */
export async function exportContract(contractId: string, out: string): Promise<string> {
  return withCliContext(async (app) => {
    const signed = await app.get(CommandBus).execute(new SignCheckpoint());
    if (signed === undefined) throw new Error('the log is empty: nothing to export');
    const manifest = await app.get(AuditExporter).writeTo(out, contractId, contractStreamId(contractId));
    return (
      `wrote ${manifest.events} events of ${contractId} at tree size ${manifest.treeSize} to ${out}; ` +
      `verify it with: npm run cli -- audit verify ${out} --key ${app.get(LedgerKey).verifierKey}`
    );
  });
}

export function printPublicKey(): Promise<string> {
  return withCliContext((app) => Promise.resolve(app.get(LedgerKey).verifierKey));
}
