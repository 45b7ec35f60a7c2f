import { createEventStoreFixture, type EventStoreFixture } from '#test-support/event-store.fixture.js';
import { PostgresSnapshotStore } from './postgres/postgres-snapshot-store.js';
import { type SnapshotCodec, StateSnapshots } from './state-snapshots.js';

/** A state whose text passes V8's longest string past `limit` facts, as JSON.stringify fails then. */
function codecUpTo(limit: number): SnapshotCodec<{ facts: number }> {
  return {
    rulesVersion: 'test-rules',
    encode: (state) => {
      if (state.facts > limit) throw new RangeError('Invalid string length');
      return JSON.stringify(state);
    },
    decode: (text) => JSON.parse(text) as { facts: number },
  };
}

describe('StateSnapshots.save', () => {
  let fx: EventStoreFixture;
  beforeEach(async () => (fx = await createEventStoreFixture(2)));
  afterEach(() => fx.close());

  it('passes over a state that cannot be encoded, as over a failed write: the caller goes on, the next one is written', async () => {
    const snapshots = new StateSnapshots(new PostgresSnapshotStore(fx.pool), codecUpTo(1_000), 10, 20);
    expect(() => snapshots.save('contract-a', 50, '2026-01-01T00:00:00.000000Z', { facts: 5_000 })).not.toThrow();
    await snapshots.written();
    expect(await snapshots.latest('contract-a')).toBeUndefined();

    snapshots.save('contract-a', 60, '2026-01-01T00:00:01.000000Z', { facts: 900 });
    await snapshots.written();
    expect(await snapshots.latest('contract-a')).toEqual({ state: { facts: 900 }, version: 60, lastRecordedAt: '2026-01-01T00:00:01.000000Z' });
  });
});
