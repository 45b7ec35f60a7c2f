import { createEventStoreFixture, type EventStoreFixture } from '../../../../test/support/event-store.fixture.js';
import type { RecordedEvent } from '../event-envelope.js';
import type { Decider } from './decider.js';
import { DeciderRunner } from './decider-runner.js';

// A toy stream: a budget that may be drawn from until it is spent (like a contract's cap).
type Command = { draw: number };
interface State { spent: number; draws: number }
const LIMIT = 100;
const budget: Decider<Command, State> = {
  initialState: () => ({ spent: 0, draws: 0 }),
  evolve: (state, event: RecordedEvent) => {
    state.spent += (event.data as { amount: number }).amount;
    state.draws += 1;
    return state;
  },
  decide: (command, state, context) => {
    if (state.spent + command.draw > LIMIT) throw new Error('over budget');
    return [{ type: 'Drawn', data: { amount: command.draw, at: context.nextVersion } }];
  },
};

describe('DeciderRunner', () => {
  let fx: EventStoreFixture;
  beforeEach(async () => {
    fx = await createEventStoreFixture(20);
  });
  afterEach(() => fx.close());

  it('never exceeds the limit under concurrent commands from several runners (processes)', async () => {
    const runners = [1, 2, 3].map(() => new DeciderRunner(fx.pool, fx.store, budget));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => runners[i % 3].execute({ streamId: 'b', streamType: 'budget', command: { draw: 7 } })),
    );
    const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(accepted).toBe(Math.floor(LIMIT / 7));
    const events = await fx.store.readStream('b');
    expect(events.reduce((sum, e) => sum + (e.data as { amount: number }).amount, 0)).toBe(accepted * 7);
    expect(events.map((e) => (e.data as { at: number }).at)).toEqual(events.map((e) => e.streamVersion));
    expect(await runners[0].withState('b', (s) => s.spent)).toBe(accepted * 7);
  });

  it('answers a retried command (same id) with the first result and records nothing new', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, budget);
    const first = await runner.execute({ streamId: 'b', streamType: 'budget', command: { draw: 5 }, commandId: 'cmd-1' });
    const again = await new DeciderRunner(fx.pool, fx.store, budget)
      .execute({ streamId: 'b', streamType: 'budget', command: { draw: 5 }, commandId: 'cmd-1' });
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(first.events[0].metadata).toMatchObject({ commandId: 'cmd-1' });
    expect(await fx.store.streamVersion('b')).toBe(1);
  });

  it('decides a batch in one transaction, each command seeing the state the previous one left; all or nothing', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, budget);
    const results = await runner.executeMany('b', 'budget', [
      { streamId: 'b', streamType: 'budget', command: { draw: 60 } },
      { streamId: 'b', streamType: 'budget', command: { draw: 40 } },
    ]);
    expect(results.map((r) => ('version' in r ? r.version : 'rejected'))).toEqual([1, 2]);
    await expect(runner.executeMany('b', 'budget', [
      { streamId: 'b', streamType: 'budget', command: { draw: 0 } },
      { streamId: 'b', streamType: 'budget', command: { draw: 1 } },
    ])).rejects.toThrow('over budget');
    expect(await fx.store.streamVersion('b')).toBe(2);
    // The failed batch's in-place state was dropped, not kept in the cache.
    expect(await runner.withState('b', (s) => s.draws)).toBe(2);
  });

  it('can drop only the refused commands of a batch and record the rest', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, budget);
    const results = await runner.executeMany('b', 'budget', [70, 50, 30].map((draw) => ({ streamId: 'b', streamType: 'budget', command: { draw } })), {
      isRejection: (error) => (error as Error).message === 'over budget',
    });
    expect(results.map((r) => ('rejected' in r ? 'rejected' : r.version))).toEqual([1, 'rejected', 2]);
    expect(await runner.withState('b', (s) => s.spent)).toBe(100);
  });
});
