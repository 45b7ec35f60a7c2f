import type { INestApplication } from '@nestjs/common';
import { contractStreamId } from '#contracts';
import { sourceOf, verifyExport, writeExportDirectory } from '#ledger';
import { AuditExporter, LedgerKey, LedgerSigning } from '#ledger/service/index.js';

/**
 * The demo contract's audit export, verified as an auditor would (signature, every leaf, chain,
 * head, tree, and every payment replayed through the rules); DEMO_AUDIT_DIR keeps the export
 * for `npm run cli -- audit verify <dir>`.
 */
export async function auditLines(app: INestApplication, contractId: string): Promise<string[]> {
  const checkpoint = await app.get(LedgerSigning).signNow();
  const exported = await app.get(AuditExporter).export(contractId, contractStreamId(contractId));
  const kept = process.env.DEMO_AUDIT_DIR;
  if (kept) await writeExportDirectory(kept, exported);
  const key = app.get(LedgerKey).verifierKey;
  const report = await verifyExport(sourceOf(exported), { trustedKey: key });
  const arithmetic = report.checks.find((c) => c.check === 'arithmetic')?.summary ?? '';
  return [
    `Audit: checkpoint of ${checkpoint?.treeSize ?? 0} events signed by ${key}`,
    `  export of ${exported.manifest.events} events ${report.ok ? 'VERIFIED offline' : `NOT VERIFIED (${report.failureCount} failures, first: ${report.failures[0]?.message})`}: ${arithmetic}`,
    kept ? `  kept in ${kept}: npm run cli -- audit verify ${kept} --key ${key}` : '  (DEMO_AUDIT_DIR=<folder> keeps the export for npm run cli -- audit verify <folder> --key <the key above>)',
  ];
}
