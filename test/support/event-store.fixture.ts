import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '../../libs/database/src/index.js';
import { eventStoreMigrations, type NewEvent, PostgresEventStore } from '../../libs/event-store/src/index.js';
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

export function newEvent(type = 'Something', data: unknown = {}): NewEvent {
  return { eventId: randomUUID(), type, data };
}
