import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../api/src/create-app.js';
import { loadConfig } from '#config';
import { findFreePort } from '#database';

export interface DemoService {
  app: INestApplication;
  baseUrl: string;
  /** Where the data lives, for the printout. */
  database: string;
  /** Stops the service and its database, and removes the temporary folder. */
  close(): Promise<void>;
}

/**
 * The real service, in this process, on a free loopback port: with a fresh embedded PostgreSQL in
 * a temporary folder, or on DEMO_DATABASE_URL when that is set. The pseudonym key is derived from
 * the seed (the CPR numbers are synthetic), so that the same seed prints the same pseudonyms.
 */
export async function startDemoService(seed: number): Promise<DemoService> {
  const given = process.env.DEMO_DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'ov-demo-'));
  // mkdtemp makes a 0700 folder; as root the embedded server runs as an unprivileged user.
  chmodSync(dir, 0o755);
  const config = loadConfig({
    LOG_LEVEL: process.env.DEMO_LOG_LEVEL ?? 'error',
    PSEUDONYM_KEY: createHash('sha256').update(`impact60 demo pseudonym key, seed ${seed}`).digest('hex'),
    DATA_DIR: dir,
    ...(given ? { DATABASE_URL: given } : { EMBEDDED_PG_PORT: String(await findFreePort()) }),
  });
  let app: INestApplication | undefined;
  try {
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  let closed = false;
  const running = app;
  return {
    app: running,
    baseUrl: `http://127.0.0.1:${port}`,
    database: given ? 'DEMO_DATABASE_URL' : `a fresh embedded PostgreSQL in ${dir}`,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await running.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
