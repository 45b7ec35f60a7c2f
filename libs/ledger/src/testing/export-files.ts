import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AuditExport, EXPORT_FILES, ledgerRecordLine, ledgerRecordOf, type LedgerRecord } from '../export/audit-export.js';

const lines = (items: readonly string[]): string => (items.length === 0 ? '' : `${items.join('\n')}\n`);
const linesOf = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** An export held in memory written as the exporter lays out its folder (tests that forge one). */
export async function writeExportDirectory(dir: string, exported: AuditExport): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, EXPORT_FILES.manifest), `${JSON.stringify(exported.manifest, null, 2)}\n`);
  await writeFile(join(dir, EXPORT_FILES.checkpoint), exported.checkpoint);
  await writeFile(join(dir, EXPORT_FILES.publicKey), `${exported.publicKey}\n`);
  await writeFile(join(dir, EXPORT_FILES.events), lines(exported.events));
  await writeFile(join(dir, EXPORT_FILES.ledger), lines(exported.ledger.map(ledgerRecordLine)));
  await writeFile(join(dir, EXPORT_FILES.proof), `${JSON.stringify(exported.proof, null, 1)}\n`);
}

/** An exported folder read whole into memory (small exports in tests only). */
export async function exportOfDirectory(dir: string): Promise<AuditExport> {
  const read = (name: string): Promise<string> => readFile(join(dir, name), 'utf8');
  return {
    manifest: JSON.parse(await read(EXPORT_FILES.manifest)),
    checkpoint: await read(EXPORT_FILES.checkpoint),
    publicKey: (await read(EXPORT_FILES.publicKey)).trim(),
    events: linesOf(await read(EXPORT_FILES.events)),
    ledger: linesOf(await read(EXPORT_FILES.ledger)).map((line) => ledgerRecordOf(JSON.parse(line)) as LedgerRecord),
    proof: JSON.parse(await read(EXPORT_FILES.proof)),
  };
}
