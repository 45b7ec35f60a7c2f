import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/create-app.js';
import { loadConfig } from '#config';
import { ensureServiceRole } from '#database';
import type { Clock } from '#domain';
import type { LogDestination } from '#observability';
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

export interface TestAppOptions {
  logDestination?: LogDestination;
  /** Another app's database (a second API process on it); close() then leaves it to its owner. */
  database?: TestDatabase;
  /** Where the app's now comes from (a SettableClock); the system clock by default. */
  clock?: Clock;
}

/** The login role test apps work as: like the embedded server's, it owns nothing (a throw-away password on a throw-away server). */
const TEST_SERVICE_ROLE = 'ov_test_service';

/**
 * The real HTTP application on a fresh database (or `options.database`), listening on a free
 * loopback port. It works as a role that owns nothing, as on the embedded server: the database's
 * owner migrates it and grants that role what the service needs, so a test fails when the service
 * needs more.
 */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SUBSCRIPTION_POLL_MS: '20',
    PSEUDONYM_KEY: 'ab'.repeat(32),
    LEDGER_SIGNING_KEY: TEST_LEDGER_SIGNING_KEY,
    ...env,
    DATABASE_URL: await ensureServiceRole(db.url, TEST_SERVICE_ROLE, TEST_SERVICE_ROLE),
    MIGRATION_DATABASE_URL: db.url,
  });
  const app = await createApp(config, { logDestination: options.logDestination, clock: options.clock });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    db,
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      if (options.database === undefined) await db.drop();
    },
  };
}
