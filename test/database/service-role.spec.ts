import pg from 'pg';
import { migrateCommand } from '../../apps/cli/src/migrate.command.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { loadConfig } from '#config';
import { Database, ensureServiceRole } from '#database';
import { ApiClient } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { createTestDatabase, type TestDatabase } from '#test-support/test-database.js';
import { startTestApp, TEST_LEDGER_SIGNING_KEY, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/** What a role that owns nothing may do with the log: read and append, nothing else. */
async function expectAppendOnly(pool: pg.Pool): Promise<void> {
  const codeOf = async (sql: string): Promise<string> =>
    pool.query(sql).then(
      () => 'done',
      (error: { code: string }) => error.code,
    );
  expect({
    update: await codeOf(`UPDATE es_events SET data = '{}'`),
    delete: await codeOf('DELETE FROM es_events'),
    truncate: await codeOf('TRUNCATE es_events'),
    disableTrigger: await codeOf('ALTER TABLE es_events DISABLE TRIGGER es_events_append_only'),
    createTable: await codeOf('CREATE TABLE tampering (id int)'),
    read: await codeOf('SELECT count(*) FROM es_events'),
  }).toEqual({ update: '42501', delete: '42501', truncate: '42501', disableTrigger: '42501', createTable: '42501', read: 'done' });
}

describe('the service on a PostgreSQL of its operator (DATABASE_URL)', () => {
  describe('with MIGRATION_DATABASE_URL for the owner', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(); // DATABASE_URL: a role that owns nothing; MIGRATION_DATABASE_URL: the owner
    });
    afterAll(() => t.close());

    it('works as DATABASE_URL’s role, which may record facts and cannot change the log', async () => {
      const pool = t.app.get(Database).pool;
      expect((await pool.query('SELECT current_user AS name')).rows[0].name).toBe('ov_test_service');
      const { commissioner } = await createTokens(t.app, { commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: '*' } });
      expect((await new ApiClient(t.baseUrl, commissioner).post('/contracts', impact60())).status).toBe(201);
      await expectAppendOnly(pool);
    });

    it('may use the tables of later migrations too', async () => {
      const owner = new pg.Client({ connectionString: t.db.url });
      await owner.connect();
      try {
        await owner.query('CREATE TABLE later_things (id int PRIMARY KEY)');
      } finally {
        await owner.end();
      }
      const pool = t.app.get(Database).pool;
      await pool.query('INSERT INTO later_things VALUES (1)');
      await pool.query('UPDATE later_things SET id = 2');
      expect((await pool.query('SELECT id FROM later_things')).rows).toEqual([{ id: 2 }]);
    });
  });

  describe('migrated beforehand with `migrate --grant-to`, then started with DATABASE_URL alone', () => {
    let db: TestDatabase;
    const saved = { ...process.env };
    const { log } = console;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => {
      process.env = saved;
      console.log = log;
      await db.drop();
    });

    it('works as that role, with nothing to migrate and no right to change the log', async () => {
      const serviceUrl = await ensureServiceRole(db.url, 'ov_test_granted', 'ov_test_granted');
      const printed: string[] = [];
      console.log = (line: string) => void printed.push(line);
      Object.assign(process.env, { DATABASE_URL: db.url, LOG_LEVEL: 'silent', LEDGER_SIGNING_KEY: TEST_LEDGER_SIGNING_KEY });
      await migrateCommand().exitOverride().parseAsync(['--grant-to', 'ov_test_granted'], { from: 'user' });
      console.log = log;
      expect(printed).toEqual(['schema up to date; ov_test_granted may use it']);

      const app = await createApp(
        loadConfig({ DATABASE_URL: serviceUrl, LOG_LEVEL: 'silent', PSEUDONYM_KEY: 'ab'.repeat(32), LEDGER_SIGNING_KEY: TEST_LEDGER_SIGNING_KEY }),
      );
      try {
        await app.listen(0, '127.0.0.1');
        const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
        const { commissioner } = await createTokens(app, { commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: '*' } });
        expect((await new ApiClient(baseUrl, commissioner).post('/contracts', impact60())).status).toBe(201);
        const pool = app.get(Database).pool;
        expect((await pool.query('SELECT current_user AS name')).rows[0].name).toBe('ov_test_granted');
        await expectAppendOnly(pool);
      } finally {
        await app.close();
      }
    });
  });
});
