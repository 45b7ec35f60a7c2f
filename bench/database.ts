import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findFreePort, type RunningPostgres, runMigrations, startEmbeddedPostgres } from '#database';
import { eventStoreMigrations } from '#event-store';

/** The one database a benchmark run writes to, and the pools opened on it. */
export interface BenchDatabase {
  /** Connection string of the run's own database. */
  url: string;
  name: string;
  /** Where the server came from: `BENCH_DATABASE_URL`, `DATABASE_URL`, or an embedded server. */
  origin: string;
  /** A pool of at most `max` connections on the run's database; ended by `close()`. */
  pool(max: number): pg.Pool;
  /**
   * Another empty database on the same server (e.g. for the service started in-process, which
   * runs its own migrations), named `bench_<random>`; dropped again by `close()` at the latest.
   */
  createDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }>;
  close(): Promise<void>;
}

/**
 * The server of `BENCH_DATABASE_URL` or `DATABASE_URL` when set, else an embedded PostgreSQL in a
 * temporary folder on a free port (deleted on close). Creates a fresh database `bench_<random>`
 * there, migrated with the event store's migrations, and dropped again on close.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const given = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  let embedded: { server: RunningPostgres; parent: string } | undefined;
  let serverUrl: string;
  let origin: string;
  if (given) {
    serverUrl = given;
    origin = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'DATABASE_URL';
  } else {
    // mkdtemp makes a 0700 folder; the server runs as an unprivileged user when we are root.
    const parent = mkdtempSync(join(tmpdir(), 'ov-bench-pg-'));
    chmodSync(parent, 0o755);
    const port = await findFreePort();
    const server = await startEmbeddedPostgres({ dataDir: join(parent, 'pgdata'), passwordFile: join(parent, 'postgres.password'), port, persistent: false });
    embedded = { server, parent };
    serverUrl = server.url;
    origin = `embedded PostgreSQL on port ${port}`;
  }

  const name = `bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pools: pg.Pool[] = [];
  const extra = new Set<string>();
  const adminQuery = async (sql: string): Promise<void> => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };

  const close = async (): Promise<void> => {
    await Promise.all(pools.splice(0).map((pool) => pool.end().catch(() => undefined)));
    for (const other of [...extra]) await adminQuery(`DROP DATABASE IF EXISTS ${other} WITH (FORCE)`).catch(() => undefined);
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    if (embedded) {
      await embedded.server.stop();
      rmSync(embedded.parent, { recursive: true, force: true });
    }
  };

  try {
    await adminQuery(`CREATE DATABASE ${name}`);
    const database: BenchDatabase = {
      url: url.toString(),
      name,
      origin,
      pool(max) {
        const pool = new pg.Pool({ connectionString: url.toString(), max });
        pool.on('error', () => undefined); // an idle connection dropped while closing
        pools.push(pool);
        return pool;
      },
      async createDatabase() {
        const other = `bench_${randomBytes(6).toString('hex')}`;
        await adminQuery(`CREATE DATABASE ${other}`);
        extra.add(other);
        const otherUrl = new URL(serverUrl);
        otherUrl.pathname = `/${other}`;
        return {
          url: otherUrl.toString(),
          name: other,
          drop: async () => {
            if (!extra.delete(other)) return;
            await adminQuery(`DROP DATABASE IF EXISTS ${other} WITH (FORCE)`);
          },
        };
      },
      close,
    };
    const migrator = database.pool(1);
    await runMigrations(migrator, eventStoreMigrations);
    return database;
  } catch (error) {
    await close();
    throw error;
  }
}
