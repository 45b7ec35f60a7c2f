import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { EXPORT_FILES } from '../export/audit-export.js';
import { exportTar } from './export-archive.js';

describe('the audit export as a tar', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'export-tar-'));
    for (const name of Object.values(EXPORT_FILES)) await writeFile(join(dir, name), `${name}\n`.repeat(name === EXPORT_FILES.events ? 10_000 : 1));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const read = async (archive: NodeJS.ReadableStream): Promise<Map<string, string>> => {
    const files = new Map<string, string>();
    const reader = extract();
    archive.pipe(reader);
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      files.set(entry.header.name, Buffer.concat(chunks).toString('utf8'));
    }
    return files;
  };

  it('holds every file of the folder, in the export’s order, byte for byte', async () => {
    const files = await read(exportTar(dir, 'audit-c-9', new Date('2026-01-01T00:00:00Z')));
    expect([...files.keys()]).toEqual(Object.values(EXPORT_FILES).map((name) => `audit-c-9/${name}`));
    expect(files.get('audit-c-9/events.jsonl')).toBe('events.jsonl\n'.repeat(10_000));
  });

  it('fails instead of ending as a valid-looking archive when a file cannot be read', async () => {
    await rm(join(dir, EXPORT_FILES.proof));
    const archive = exportTar(dir, 'audit-c-9', new Date());
    const failed = new Promise<Error>((resolve) => archive.once('error', resolve));
    archive.resume();
    expect((await failed).message).toMatch(/ENOENT/);
  });
});
