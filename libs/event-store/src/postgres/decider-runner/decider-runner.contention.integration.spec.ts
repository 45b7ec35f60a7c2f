import type pg from 'pg';
import { appendWithin } from '#test-support/event-store.appends.js';
import { createEventStoreFixture, type EventStoreFixture } from '#test-support/event-store.fixture.js';
import type { RecordedEvent } from '../../event-envelope.js';
import { StreamBusyError } from '../../event-store.errors.js';
import type { PostgresEventStore } from '../postgres-event-store.js';
import { CommandBatcher } from './command-batcher.js';
import type { Decider } from '../../decider.js';
import { DeciderRunner } from './decider-runner.js';

// A tally that accepts every command: any command that fails here failed for a race, not a rule.
type Command = { n: number };
interface State {
  count: number;
}
const tally: Decider<Command, State> = {
  initialState: () => ({ count: 0 }),
  evolve: (state) => {
    state.count += 1;
    return state;
  },
  decide: (command, state, context) => [{ type: 'Counted', data: { n: command.n, count: state.count + 1, at: context.nextVersion } }],
};
const envelope = (n: number) => ({ streamId: 't', streamType: 'tally', command: { n }, commandId: `cmd-${n}` });

describe('DeciderRunner under contention from several processes', () => {
  let fx: EventStoreFixture;
  beforeEach(async () => {
    fx = await createEventStoreFixture(20);
  });
  afterEach(() => fx.close());

  it('applies every command when two processes hammer one stream: none fails with a version conflict', async () => {
    // Two "processes" (each its own runner and group commit), each with 8 clients sending one
    // command after another, as HTTP clients do: the one-statement appends of one process keep
    // moving the stream under the other's locked path.
    const processes = [1, 2].map(() => {
      const runner = new DeciderRunner(fx.pool, fx.store, tally);
      return new CommandBatcher(runner, () => false);
    });
    await processes[0].submit(envelope(0));
    const CLIENTS = 8;
    const PER_CLIENT = 40;
    const failures: unknown[] = [];
    await Promise.all(
      Array.from({ length: 2 * CLIENTS }, async (_, client) => {
        for (let i = 0; i < PER_CLIENT; i++) {
          const n = 1 + client * PER_CLIENT + i;
          await processes[client % 2].submit(envelope(n)).catch((error: unknown) => failures.push(error));
        }
      }),
    );
    expect(failures.map((error) => (error as Error).name)).toEqual([]);
    const events = await fx.store.readStream('t');
    const total = 1 + 2 * CLIENTS * PER_CLIENT;
    expect(events).toHaveLength(total);
    expect(new Set(events.map((e) => (e.data as { n: number }).n)).size).toBe(total);
    // Each decided against the state its append landed on.
    expect(events.map((e) => (e.data as { count: number }).count)).toEqual(events.map((e) => e.streamVersion));
  });

  // Two kinds of competitor that keep a transaction open: one that has appended to the stream, and
  // another process's runner deciding under the stream's lock.
  const competitors: Array<[string, (client: pg.PoolClient, store: PostgresEventStore) => Promise<unknown>]> = [
    [
      'has appended to the stream',
      (client, store) =>
        appendWithin(store, client, {
          streamId: 't',
          streamType: 'tally',
          expectedVersion: 1,
          events: [{ eventId: '00000000-0000-4000-8000-000000000001', type: 'Counted', data: { n: -1, count: 2, at: 2 } }],
        }),
    ],
    ["holds the stream's lock", (client) => client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['t'])],
  ];

  it.each(competitors)('gives up with StreamBusyError, recording nothing, while a competing writer that %s keeps its transaction open', async (_, compete) => {
    await new DeciderRunner(fx.pool, fx.store, tally).execute(envelope(1));
    const competitor = await fx.pool.connect();
    await competitor.query('BEGIN');
    await compete(competitor, fx.store);
    // A runner that has not cached the stream takes the locked path at once.
    const runner = new DeciderRunner(fx.pool, fx.store, tally, undefined, { retry: { attempts: 4, budgetMs: 400 } });
    let outcome: unknown;
    try {
      outcome = await runner.execute(envelope(2));
    } catch (error) {
      outcome = error;
    } finally {
      await competitor.query('ROLLBACK');
      competitor.release();
    }
    expect(outcome).toBeInstanceOf(StreamBusyError);
    expect(outcome).toMatchObject({ streamId: 't' });
    expect((await fx.store.readStream('t')).map((e: RecordedEvent) => (e.data as { n: number }).n)).toEqual([1]);

    // Once the other writer is done, the same command goes through.
    const result = await runner.execute(envelope(2));
    expect(result).toMatchObject({ version: 2, duplicate: false });
  });
});
