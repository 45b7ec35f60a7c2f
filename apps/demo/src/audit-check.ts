import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { contractStreamId } from '#domain';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExportDirectory, verifyExport } from '#ledger';
import { AuditExporter, LedgerKey, SignCheckpoint } from '#ledger/service/index.js';

/**
 * The demo contract's audit export, verified as an auditor would (signature, every leaf, chain,
 * head, tree, and every payment replayed through the rules); DEMO_AUDIT_DIR keeps the export
 * for `npm run cli -- audit verify <dir>`.
 */
export async function auditLines(app: INestApplicationContext, contractId: string): Promise<string[]> {
  const checkpoint = await app.get(CommandBus).execute(new SignCheckpoint());
  const kept = process.env.DEMO_AUDIT_DIR;
  const dir = kept || (await mkdtemp(join(tmpdir(), 'demo-audit-')));
  const manifest = await app.get(AuditExporter).writeTo(dir, contractId, contractStreamId(contractId));
  const key = app.get(LedgerKey).verifierKey;
  const report = await verifyExport(await readExportDirectory(dir), { trustedKey: key });
  if (!kept) await rm(dir, { recursive: true, force: true });
  const arithmetic = report.checks.find((c) => c.check === 'arithmetic')?.summary ?? '';
  return [
    `Audit: checkpoint of ${checkpoint?.treeSize ?? 0} events signed by ${key}`,
    `  export of ${manifest.events} events ${report.ok ? 'VERIFIED offline' : `NOT VERIFIED (${report.failureCount} failures, first: ${report.failures[0]?.message})`}: ${arithmetic}`,
    kept
      ? `  kept in ${kept}: npm run cli -- audit verify ${kept} --key ${key}`
      : '  (DEMO_AUDIT_DIR=<folder> keeps the export for npm run cli -- audit verify <folder> --key <the key above>)',
  ];
}
