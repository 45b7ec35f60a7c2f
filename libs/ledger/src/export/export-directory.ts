import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AuditExport, EXPORT_FILES, type ExportSource } from './audit-export.js';

/** The files of an export, by name, as they are written to a directory or an archive. */
export function exportFiles(exported: AuditExport): Array<{ name: string; content: string }> {
  const lines = (items: readonly string[]): string => (items.length === 0 ? '' : `${items.join('\n')}\n`);
  return [
    { name: EXPORT_FILES.manifest, content: `${JSON.stringify(exported.manifest, null, 2)}\n` },
    { name: EXPORT_FILES.checkpoint, content: exported.checkpoint },
    { name: EXPORT_FILES.publicKey, content: `${exported.publicKey}\n` },
    { name: EXPORT_FILES.events, content: lines(exported.events) },
    { name: EXPORT_FILES.ledger, content: lines(exported.ledger.map((record) => JSON.stringify(record))) },
    { name: EXPORT_FILES.proof, content: `${JSON.stringify(exported.proof, null, 1)}\n` },
  ];
}

export async function writeExportDirectory(dir: string, exported: AuditExport): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of exportFiles(exported)) await writeFile(join(dir, file.name), file.content);
}

/** An export directory to verify; events.jsonl is read line by line. Throws when a file is missing or not JSON. */
export async function readExportDirectory(dir: string): Promise<ExportSource> {
  const text = (name: string): Promise<string> => readFile(join(dir, name), 'utf8');
  const json = async (name: string): Promise<unknown> => {
    try {
      return JSON.parse(await text(name));
    } catch (error) {
      throw new Error(`${name} in ${dir}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'not JSON'}`);
    }
  };
  const ledgerText = await text(EXPORT_FILES.ledger);
  const ledger = ledgerText.split('\n').filter((line) => line !== '').map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new Error(`${EXPORT_FILES.ledger} line ${i + 1} is not JSON`);
    }
  });
  return {
    manifest: await json(EXPORT_FILES.manifest),
    checkpoint: await text(EXPORT_FILES.checkpoint),
    publicKey: (await text(EXPORT_FILES.publicKey)).trim(),
    ledger,
    proof: await json(EXPORT_FILES.proof),
    async *eventBlocks() {
      let carry: Buffer = Buffer.alloc(0);
      for await (const chunk of createReadStream(join(dir, EXPORT_FILES.events), { highWaterMark: 1 << 22 })) {
        const data = carry.length === 0 ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer]);
        const end = data.lastIndexOf(0x0a);
        if (end < 0) {
          carry = data;
          continue;
        }
        carry = Buffer.from(data.subarray(end + 1));
        // The consumer may hand the block's bytes to another thread: nothing here uses them again.
        yield data.subarray(0, end + 1);
      }
      if (carry.length > 0) yield carry;
    },
  };
}
