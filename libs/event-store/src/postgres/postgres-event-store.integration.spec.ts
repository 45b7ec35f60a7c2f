import pg from 'pg';
import { runMigrations } from '#database';
import { appendWithin } from '#test-support/event-store.appends.js';
import { createEventStoreFixture, type EventStoreFixture, newEvent } from '#test-support/event-store.fixture.js';
import { UpcasterRegistry } from '../upcaster.registry.js';
import { eventStoreMigrations } from './migrations/event-store.migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

/** What only the PostgreSQL adapter promises, or can be shown only on it (the port's contract: event-store.contract.integration.spec.ts). */
describe('PostgresEventStore', () => {
  let fx: EventStoreFixture;
  beforeEach(async () => {
    fx = await createEventStoreFixture(12);
  });
  afterEach(() => fx.close());

  it('does not hand out events of a transaction still in progress, nor later ones', async () => {
    await fx.store.appendToStream({ streamId: 'early', streamType: 't', expectedVersion: 'any', events: [newEvent('Early')] });
    const slow = await fx.pool.connect();
    await slow.query('BEGIN');
    await appendWithin(fx.store, slow, { streamId: 'slow', streamType: 't', expectedVersion: 'any', events: [newEvent('Slow')] });
    await fx.store.appendToStream({ streamId: 'fast', streamType: 't', expectedVersion: 'any', events: [newEvent('Fast')] });
    expect((await fx.store.readAll()).map((e) => e.type)).toEqual(['Early']);
    await slow.query('COMMIT');
    slow.release();
    expect((await fx.store.readAll()).map((e) => e.type)).toEqual(['Early', 'Slow', 'Fast']);
  });

  it('refuses to change or remove stored events', async () => {
    await fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 'any', events: [newEvent('A', { amount: 1 })] });
    await expect(fx.pool.query(`UPDATE es_events SET data = '{"amount": 2}'`)).rejects.toThrow(/append-only/);
    await expect(fx.pool.query('DELETE FROM es_events')).rejects.toThrow(/append-only/);
    await expect(fx.pool.query('TRUNCATE es_events CASCADE')).rejects.toThrow(/append-only/);
    expect((await fx.store.readStream('s'))[0].data).toEqual({ amount: 1 });
  });

  it('upcasts events stored under an older schema version when reading', async () => {
    await fx.store.appendToStream({
      streamId: 's',
      streamType: 't',
      expectedVersion: 'any',
      events: [{ ...newEvent('PlacementStarted', { hours: 20 }), schemaVersion: 1 }],
    });
    const upcasters = new UpcasterRegistry()
      .register('PlacementStarted', 1, (d) => ({ hoursPerWeek: (d as { hours: number }).hours }))
      .register('PlacementStarted', 2, (d) => ({ ...(d as object), kind: 'ordinary' }));
    const reader = new PostgresEventStore(fx.pool, upcasters);
    const [event] = await reader.readStream('s');
    expect(event.schemaVersion).toBe(3);
    expect(event.data).toEqual({ hoursPerWeek: 20, kind: 'ordinary' });
  });

  it('runs migrations twice, and from two processes at once, without harm', async () => {
    expect(await runMigrations(fx.pool, eventStoreMigrations)).toEqual([]);
    const other = new pg.Pool({ connectionString: fx.db.url.replace(/\/[^/]+$/, '/postgres') });
    const scratch = `m_${Date.now()}`;
    await other.query(`CREATE DATABASE ${scratch}`);
    const url = fx.db.url.replace(/\/[^/]+$/, `/${scratch}`);
    const p1 = new pg.Pool({ connectionString: url });
    const p2 = new pg.Pool({ connectionString: url });
    for (const pool of [p1, p2]) pool.on('error', () => undefined);
    const [a, b] = await Promise.all([runMigrations(p1, eventStoreMigrations), runMigrations(p2, eventStoreMigrations)]);
    expect([...a, ...b]).toEqual(eventStoreMigrations.map((m) => m.id));
    expect((await p1.query('SELECT count(*)::int AS n FROM schema_migrations')).rows[0].n).toBe(eventStoreMigrations.length);
    await p1.end();
    await p2.end();
    await other.query(`DROP DATABASE ${scratch} WITH (FORCE)`);
    await other.end();
  });
});
