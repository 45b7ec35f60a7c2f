import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/create-app.js';
import { loadConfig } from '../../libs/config/src/index.js';
import type { LogDestination } from '../../libs/observability/src/index.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** The ledger's signing key in tests (a key of their own, so that no test writes one into ./data). */
export const TEST_LEDGER_SIGNING_KEY = 'PRIVATE+KEY+ledger.test/outcome-verification+b33eef6a+Ab/HoYrcU6vPEt3Qt/st2uOTbtNvWU0/ZzdHCwpWKhKS';

export interface TestApp {
  app: INestApplication;
  /** e.g. http://127.0.0.1:40123 — real HTTP on loopback. */
  baseUrl: string;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The real HTTP application on a fresh database, listening on a free loopback port. */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, options: { logDestination?: LogDestination } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SUBSCRIPTION_POLL_MS: '20',
    PSEUDONYM_KEY: 'ab'.repeat(32),
    LEDGER_SIGNING_KEY: TEST_LEDGER_SIGNING_KEY,
    ...env,
    DATABASE_URL: db.url,
  });
  const app = await createApp(config, options);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    db,
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
