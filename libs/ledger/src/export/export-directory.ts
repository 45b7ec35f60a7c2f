import { createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXPORT_FILES, type ExportSource } from './audit-export.js';

/** An export directory to verify; the JSON Lines files are read block by block. Throws when a file is missing or not JSON. */
export async function readExportDirectory(dir: string): Promise<ExportSource> {
  const path = (name: string): string => join(dir, name);
  const json = async (name: string): Promise<unknown> => {
    try {
      return JSON.parse(await readFile(path(name), 'utf8'));
    } catch (error) {
      throw new Error(`${name} in ${dir}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'not JSON'}`, { cause: error });
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
