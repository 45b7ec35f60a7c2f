import type pg from 'pg';
import type { Migration } from './migration.js';

/** Any fixed number: all processes that migrate this database take the same advisory lock. */
const MIGRATION_LOCK = 7_301_962_411;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in list order, each in its own
 * transaction. Safe to run twice and from several processes at once (an advisory lock serialises
 * them). Returns the ids it applied.
 */
export async function runMigrations(pool: pg.Pool, migrations: readonly Migration[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const migration of migrations) {
    if (ids.has(migration.id)) throw new Error(`migration id ${migration.id} is listed twice`);
    ids.add(migration.id);
  }
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // Created only when absent: a role that owns nothing (the service's) may check that the
    // schema is up to date, and must not need the right to create tables for that.
    const { rows } = await client.query<{ found: string | null }>("SELECT to_regclass('schema_migrations')::text AS found");
    if (rows[0].found === null) {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        id text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    }
    const done = new Set((await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.id);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}
