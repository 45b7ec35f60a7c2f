import pg from 'pg';
import { runMigrations } from '#database';
import { eventStoreMigrations, PostgresEventStore } from '#event-store';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface EventStoreFixture {
  db: TestDatabase;
  pool: pg.Pool;
  store: PostgresEventStore;
  close(): Promise<void>;
}

/** A migrated, empty event store in a database of its own. */
export async function createEventStoreFixture(poolSize = 10): Promise<EventStoreFixture> {
  const db = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: poolSize });
  // pool.end() resolves before its sockets close; dropping the database then ends them server-side.
  pool.on('error', () => undefined);
  await runMigrations(pool, eventStoreMigrations);
  return {
    db,
    pool,
    store: new PostgresEventStore(pool),
    close: async () => {
      await pool.end();
      await db.drop();
    },
  };
}

export { newEvent } from './event-store.contract.js';

/**
 * The same pool (real queries on the real database), also noting each statement it is given:
 * its name when prepared, else its text. For tests that count round trips.
 */
export function recordingPool(pool: pg.Pool): { pool: pg.Pool; statements: string[] } {
  const statements: string[] = [];
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const recording = Object.assign(Object.create(pool) as pg.Pool, {
    query: (...args: unknown[]) => {
      const config = args[0] as string | { name?: string; text: string };
      statements.push(typeof config === 'string' ? config : (config.name ?? config.text));
      return query(...args);
    },
  });
  return { pool: recording, statements };
}
