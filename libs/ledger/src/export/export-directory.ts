import { createReadStream } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AuditExport, EXPORT_FILES, type ExportSource, ledgerRecordLine } from './audit-export.js';

/** The files of an export, by name, as they are written to a directory or an archive. */
export function exportFiles(exported: AuditExport): Array<{ name: string; content: string }> {
  const lines = (items: readonly string[]): string => (items.length === 0 ? '' : `${items.join('\n')}\n`);
  return [
    { name: EXPORT_FILES.manifest, content: `${JSON.stringify(exported.manifest, null, 2)}\n` },
    { name: EXPORT_FILES.checkpoint, content: exported.checkpoint },
    { name: EXPORT_FILES.publicKey, content: `${exported.publicKey}\n` },
    { name: EXPORT_FILES.events, content: lines(exported.events) },
    { name: EXPORT_FILES.ledger, content: lines(exported.ledger.map(ledgerRecordLine)) },
    { name: EXPORT_FILES.proof, content: `${JSON.stringify(exported.proof, null, 1)}\n` },
  ];
}

export async function writeExportDirectory(dir: string, exported: AuditExport): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of exportFiles(exported)) await writeFile(join(dir, file.name), file.content);
}

/** An export directory to verify; the JSON Lines files are read block by block. Throws when a file is missing or not JSON. */
export async function readExportDirectory(dir: string): Promise<ExportSource> {
  const path = (name: string): string => join(dir, name);
  const json = async (name: string): Promise<unknown> => {
    try {
      return JSON.parse(await readFile(path(name), 'utf8'));
    } catch (error) {
      throw new Error(`${name} in ${dir}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'not JSON'}`);
    }
  };
  for (const name of [EXPORT_FILES.events, EXPORT_FILES.ledger]) {
    await access(path(name)).catch(() => {
      throw new Error(`${name} in ${dir}: missing`);
    });
  }
  return {
    manifest: await json(EXPORT_FILES.manifest),
    checkpoint: await readFile(path(EXPORT_FILES.checkpoint), 'utf8'),
    publicKey: (await readFile(path(EXPORT_FILES.publicKey), 'utf8')).trim(),
    proof: await json(EXPORT_FILES.proof),
    eventBlocks: () => wholeLineBlocks(path(EXPORT_FILES.events)),
    ledgerBlocks: () => wholeLineBlocks(path(EXPORT_FILES.ledger)),
  };
}

/** A file in blocks of about 4 MiB that each end at a line's end (the last one where the file ends). */
async function* wholeLineBlocks(file: string): AsyncIterable<Uint8Array> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 22 })) {
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
}
