import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { findFreePort } from '#database';
import { openServiceContext } from '#platform';
import { startApiProcess } from './app-process.js';

export interface DemoService {
  baseUrl: string;
  /** The service's modules beside it, on its database: the tokens and the ledger, as the CLI reaches them. */
  context: INestApplicationContext;
  /** Where the data lives, for the printout. */
  database: string;
  /** Stops the service and its database, and removes the temporary folder. */
  close(): Promise<void>;
}

/**
 * The real service (the API's built entry, as `npm start` runs it) on a free loopback port: with
 * a fresh embedded PostgreSQL in a temporary folder, or on DEMO_DATABASE_URL when that is set. The
 * pseudonym key is derived from the seed (the CPR numbers are synthetic), so that the same seed
 * prints the same pseudonyms.
 */
export async function startDemoService(seed: number): Promise<DemoService> {
  const given = process.env.DEMO_DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'ov-demo-'));
  // mkdtemp makes a 0700 folder; as root the embedded server runs as an unprivileged user.
  chmodSync(dir, 0o755);
  const settings = {
    LOG_LEVEL: process.env.DEMO_LOG_LEVEL ?? 'error',
    PSEUDONYM_KEY: createHash('sha256').update(`impact60 demo pseudonym key, seed ${seed}`).digest('hex'),
    DATA_DIR: dir,
    ...(given ? { DATABASE_URL: given } : { EMBEDDED_PG_PORT: String(await findFreePort()) }),
  };
  const removeFolder = () => rmSync(dir, { recursive: true, force: true });
  const api = await startApiProcess(settings, '127.0.0.1', await findFreePort()).catch((error: unknown) => {
    removeFolder();
    throw error;
  });
  // Opened once the service serves the database: an embedded server is then shared, not started twice.
  const context = await openServiceContext(settings).catch(async (error: unknown) => {
    await api.stop();
    removeFolder();
    throw error;
  });
  let closed = false;
  return {
    baseUrl: api.baseUrl,
    context,
    database: given ? 'DEMO_DATABASE_URL' : `a fresh embedded PostgreSQL in ${dir}`,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await context.close();
        await api.stop();
      } finally {
        removeFolder();
      }
    },
  };
}
