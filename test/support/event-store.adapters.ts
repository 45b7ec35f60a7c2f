import { appendWithin } from './event-store.appends.js';
import type { EventStoreAdapter, EventStoreContractFixture } from './event-store.contract.js';
import { createEventStoreFixture } from './event-store.fixture.js';

async function openPostgres(): Promise<EventStoreContractFixture> {
  const fx = await createEventStoreFixture(12);
  return {
    store: fx.store,
    appendHeldOpen: async (append) => {
      const client = await fx.pool.connect();
      await client.query('BEGIN');
      await appendWithin(fx.store, client, append);
      return {
        commit: async () => {
          await client.query('COMMIT');
          client.release();
        },
      };
    },
    close: () => fx.close(),
  };
}

/**
 * Every adapter of the event store's port: each must pass the contract suite
 * (event-store.contract.ts, run by libs/event-store/src/event-store.contract.integration.spec.ts).
 * Another adapter (KurrentDB, say) plugs in with one line here and its `open`.
 */
export const eventStoreAdapters: EventStoreAdapter[] = [{ name: 'PostgreSQL', open: openPostgres }];
