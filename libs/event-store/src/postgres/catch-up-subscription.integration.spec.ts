import type pg from 'pg';
import { appendWithin } from '#test-support/event-store.appends.js';
import { createEventStoreFixture, type EventStoreFixture, newEvent } from '#test-support/event-store.fixture.js';
import type { RecordedEvent } from '../event-envelope.js';
import { type BatchHandler, CatchUpSubscription } from './catch-up-subscription.js';

/** The effect a subscriber applies: one row per event, unique, in the same transaction as the checkpoint. */
async function createEffectsTable(pool: pg.Pool): Promise<void> {
  await pool.query('CREATE TABLE effects (event_id uuid PRIMARY KEY, n integer NOT NULL)');
}
const writeEffects: BatchHandler = async (events, tx) => {
  for (const event of events) {
    await tx.query('INSERT INTO effects (event_id, n) VALUES ($1, $2)', [event.eventId, (event.data as { n: number }).n]);
  }
};
async function effects(pool: pg.Pool): Promise<number[]> {
  return (await pool.query<{ n: number }>('SELECT n FROM effects ORDER BY n')).rows.map((r) => r.n);
}
async function appendNumbered(fx: EventStoreFixture, from: number, count: number): Promise<void> {
  for (let n = from; n < from + count; n++) {
    await fx.store.appendToStream({ streamId: `s-${n % 4}`, streamType: 't', expectedVersion: 'any', events: [newEvent('N', { n })] });
  }
}

describe('CatchUpSubscription', () => {
  let fx: EventStoreFixture;
  beforeEach(async () => {
    fx = await createEventStoreFixture();
    await createEffectsTable(fx.pool);
  });
  afterEach(() => fx.close());

  it('sees both of two transactions that commit in the opposite order of their positions', async () => {
    const seen: RecordedEvent[] = [];
    const subscription = new CatchUpSubscription(fx.pool, fx.store, {
      subscriptionId: 'late-commit',
      handler: async (events) => void seen.push(...events),
    });
    await subscription.register();

    const t1 = await fx.pool.connect();
    const t2 = await fx.pool.connect();
    await t1.query('BEGIN');
    await t2.query('BEGIN');
    await appendWithin(fx.store, t1, { streamId: 'a', streamType: 't', expectedVersion: 'any', events: [newEvent('First', { n: 1 })] });
    await appendWithin(fx.store, t2, { streamId: 'b', streamType: 't', expectedVersion: 'any', events: [newEvent('Second', { n: 2 })] });
    await t2.query('COMMIT'); // the higher position commits first
    await subscription.catchUp(); // a bigserial-only reader would checkpoint past 'First' here
    await t1.query('COMMIT');
    await subscription.catchUp();
    t1.release();
    t2.release();

    expect(seen.map((e) => e.type).sort()).toEqual(['First', 'Second']);
    const [first, second] = [...seen].sort((x, y) => Number(x.globalPosition - y.globalPosition));
    expect(first.globalPosition < second.globalPosition).toBe(true);
  });

  it('resumes from its durable checkpoint after a restart and handles nothing twice', async () => {
    await appendNumbered(fx, 1, 30);
    const first = new CatchUpSubscription(fx.pool, fx.store, { subscriptionId: 'sub', handler: writeEffects, batchSize: 7 });
    await first.register();
    await first.catchUpToHead();
    expect(await effects(fx.pool)).toHaveLength(30);
    await appendNumbered(fx, 31, 5);
    const restarted = new CatchUpSubscription(fx.pool, fx.store, { subscriptionId: 'sub', handler: writeEffects, batchSize: 7 });
    await restarted.catchUpToHead();
    expect(await effects(fx.pool)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
  });

  it('after being killed mid-batch resumes without gaps and without applying an effect twice', async () => {
    await appendNumbered(fx, 1, 40);
    let handledBeforeKill = 0;
    // The subscriber's connection is killed by the server in the middle of its second batch, after
    // it has written some of that batch's effects: as if the process had died there.
    const dying: BatchHandler = async (events, tx) => {
      for (const event of events) {
        const n = (event.data as { n: number }).n;
        await tx.query('INSERT INTO effects (event_id, n) VALUES ($1, $2)', [event.eventId, n]);
        handledBeforeKill++;
        if (n === 15) await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
      }
    };
    const doomed = new CatchUpSubscription(fx.pool, fx.store, { subscriptionId: 'crashy', handler: dying, batchSize: 10 });
    await doomed.register();
    await expect(doomed.catchUp()).rejects.toThrow();
    expect(handledBeforeKill).toBe(15);
    expect(await effects(fx.pool)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1)); // batch 2 rolled back whole

    const survivor = new CatchUpSubscription(fx.pool, fx.store, { subscriptionId: 'crashy', handler: writeEffects, batchSize: 10 });
    await survivor.catchUpToHead();
    expect(await effects(fx.pool)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('keeps up with concurrent writers while running, in the background, and never skips a late commit', async () => {
    const subscription = new CatchUpSubscription(fx.pool, fx.store, {
      subscriptionId: 'live',
      handler: writeEffects,
      batchSize: 50,
      pollIntervalMs: 5,
    });
    await subscription.start();
    // 6 writers whose transactions overlap and commit in random order relative to their positions.
    await Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = 0; i < 20; i++) {
          const n = w * 100 + i;
          const client = await fx.pool.connect();
          await client.query('BEGIN');
          await appendWithin(fx.store, client, { streamId: `w-${w}`, streamType: 't', expectedVersion: 'any', events: [newEvent('N', { n })] });
          await new Promise((r) => setTimeout(r, Math.random() * 4));
          await client.query('COMMIT');
          client.release();
        }
      }),
    );
    for (let i = 0; i < 200 && (await effects(fx.pool)).length < 120; i++) await new Promise((r) => setTimeout(r, 10));
    await subscription.stop();
    const expected = Array.from({ length: 6 }, (_, w) => Array.from({ length: 20 }, (_, i) => w * 100 + i)).flat();
    expect(await effects(fx.pool)).toEqual(expected);
  });

  it('lets only one of two processes running the same subscription handle a batch', async () => {
    await appendNumbered(fx, 1, 50);
    const a = new CatchUpSubscription(fx.pool, fx.store, { subscriptionId: 'shared', handler: writeEffects, batchSize: 5 });
    const b = new CatchUpSubscription(fx.pool, fx.store, { subscriptionId: 'shared', handler: writeEffects, batchSize: 5 });
    await a.register();
    // Each process polls until it sees nothing left; a batch is taken by one of them only (the
    // effects' primary key would fail a batch handled twice).
    const poll = async (s: CatchUpSubscription): Promise<number> => {
      let handledHere = 0;
      for (let idle = 0; idle < 20;) {
        const handled = await s.handleOneBatch();
        if (handled) handledHere += handled;
        else idle++;
      }
      return handledHere;
    };
    const [byA, byB] = await Promise.all([poll(a), poll(b)]);
    expect(byA + byB).toBe(50);
    expect(await effects(fx.pool)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('on stop lets the batch in hand finish and saves its checkpoint (graceful shutdown)', async () => {
    await appendNumbered(fx, 1, 10);
    let entered!: () => void;
    const inBatch = new Promise<void>((resolve) => (entered = resolve));
    const slow: BatchHandler = async (events, tx) => {
      entered();
      await new Promise((r) => setTimeout(r, 300));
      await writeEffects(events, tx);
    };
    const subscription = new CatchUpSubscription(fx.pool, fx.store, { subscriptionId: 'slow', handler: slow, batchSize: 100 });
    await subscription.start();
    await inBatch;
    await subscription.stop();
    expect(await effects(fx.pool)).toHaveLength(10);
    const { rows } = await fx.pool.query(`SELECT global_position FROM es_subscriptions WHERE subscription_id = 'slow'`);
    expect(Number(rows[0].global_position)).toBeGreaterThan(0);
    expect(subscription.status().running).toBe(false);
  });

  it('keeps commit order when transaction ids gain a digit (xid8 sorted as a number, not as text)', async () => {
    // Burn transaction ids up to just below the next power of ten, so the log's ids cross it.
    const { rows } = await fx.pool.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
    const current = Number(rows[0].xid);
    const target = 10 ** String(current).length - 4;
    await fx.pool.query(`DO $$ BEGIN FOR i IN 1..${target - current} LOOP PERFORM pg_current_xact_id(); COMMIT; END LOOP; END $$`);
    await appendNumbered(fx, 1, 8);
    const xids = (await fx.store.readAll()).map((e) => e.transactionId);
    expect(new Set(xids.map((x) => x.length)).size).toBe(2);
    const subscription = new CatchUpSubscription(fx.pool, fx.store, { subscriptionId: 'digits', handler: writeEffects, batchSize: 3 });
    await subscription.register();
    await subscription.catchUpToHead();
    expect(await effects(fx.pool)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('when nudged soon after a batch, waits out the least interval but never loses the nudge', async () => {
    const batches: Array<{ at: number; events: number }> = [];
    const subscription = new CatchUpSubscription(fx.pool, fx.store, {
      subscriptionId: 'nudged',
      handler: async (events) => void batches.push({ at: performance.now(), events: events.length }),
      pollIntervalMs: 60_000, // only a nudge can wake it within this test
      minNudgeIntervalMs: 150,
    });
    await subscription.start();
    const handled = async (count: number): Promise<void> => {
      for (const deadline = Date.now() + 5000; batches.reduce((n, b) => n + b.events, 0) < count;) {
        if (Date.now() > deadline) throw new Error(`only ${batches.length} batches after 5 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    try {
      await new Promise((resolve) => setTimeout(resolve, 200)); // the start's first poll is over
      await appendNumbered(fx, 1, 1);
      subscription.nudge();
      await handled(1);
      const first = batches.at(-1)!.at;
      // Three appends nudged at once, within the interval: one later batch takes them all.
      await appendNumbered(fx, 2, 3);
      for (let i = 0; i < 3; i++) subscription.nudge();
      await handled(4);
      expect(batches.at(-1)).toMatchObject({ events: 3 });
      expect(batches.at(-1)!.at - first).toBeGreaterThanOrEqual(140);
    } finally {
      await subscription.stop();
    }
  });
});
