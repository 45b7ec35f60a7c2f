import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';

/** Unpacks a tar archive into a folder (as `tar -xf` would); returns the file names, folder-relative. */
export async function untar(archive: Buffer, into: string): Promise<string[]> {
  const names: string[] = [];
  const reader = extract();
  Readable.from([archive]).pipe(reader);
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const target = join(into, entry.header.name);
    if (!target.startsWith(into)) throw new Error('archive entry outside the folder');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, Buffer.concat(chunks));
    names.push(entry.header.name);
  }
  return names;
}
