import { createEventStoreFixture, type EventStoreFixture, recordingPool } from '#test-support/event-store.fixture.js';
import type { RecordedEvent } from '../../event-envelope.js';
import type { Decider } from '../../decider.js';
import { DeciderRunner } from './decider-runner.js';
import { eventIdFor } from '../../command-id.js';

// A toy stream: a budget that may be drawn from until it is spent (like a contract's cap).
type Command = { draw: number };
interface State {
  spent: number;
  draws: number;
}
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

  it('records a command that decides 150,000 events (a termination of a national contract reverses that many) in one append', async () => {
    const many = 150_000;
    const bulk: Decider<Command, State> = {
      ...budget,
      decide: (_command, _state, context) => Array.from({ length: many }, (_, i) => ({ type: 'Drawn', data: { amount: 0, at: context.nextVersion + i } })),
    };
    const runner = new DeciderRunner(fx.pool, fx.store, bulk);
    const result = await runner.execute({ streamId: 'big', streamType: 'budget', command: { draw: 0 }, commandId: 'terminate' });
    expect(result.events).toHaveLength(many);
    expect(await fx.store.streamVersion('big')).toBe(many);
    expect(await runner.withState('big', (state) => state.draws)).toBe(many);
    const again = await new DeciderRunner(fx.pool, fx.store, bulk).execute({
      streamId: 'big',
      streamType: 'budget',
      command: { draw: 0 },
      commandId: 'terminate',
    });
    expect(again.duplicate).toBe(true);
    expect(await fx.store.streamVersion('big')).toBe(many);
  }, 120_000);

  it('answers a retried command (same id) with the first result and records nothing new', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, budget);
    const first = await runner.execute({ streamId: 'b', streamType: 'budget', command: { draw: 5 }, commandId: 'cmd-1' });
    const again = await new DeciderRunner(fx.pool, fx.store, budget).execute({ streamId: 'b', streamType: 'budget', command: { draw: 5 }, commandId: 'cmd-1' });
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(first.events[0].metadata).toMatchObject({ commandId: 'cmd-1' });
    expect(await fx.store.streamVersion('b')).toBe(1);
  });

  it('sends one statement for a command on a stream it has cached, and still sees what other processes appended', async () => {
    const { pool: counted, statements } = recordingPool(fx.pool);
    const runner = new DeciderRunner(counted, fx.store, budget);
    await runner.execute({ streamId: 'b', streamType: 'budget', command: { draw: 60 }, commandId: 'a1' });
    statements.length = 0;
    await runner.execute({ streamId: 'b', streamType: 'budget', command: { draw: 10 }, commandId: 'a2' });
    expect(statements).toEqual(['es_append_next']);

    // Another process draws 25: the cached state is stale, the one statement writes nothing, and
    // the command is decided again on the stream as it is (70 + 25 + 10 > 100: refused).
    await new DeciderRunner(fx.pool, fx.store, budget).execute({ streamId: 'b', streamType: 'budget', command: { draw: 25 }, commandId: 'b1' });
    await expect(runner.execute({ streamId: 'b', streamType: 'budget', command: { draw: 10 }, commandId: 'a3' })).rejects.toThrow('over budget');
    const events = await fx.store.readStream('b');
    expect(events.map((e) => (e.data as { amount: number }).amount)).toEqual([60, 10, 25]);
    expect(await runner.withState('b', (s) => s.spent)).toBe(95);
  });

  it('answers a retry on a cached stream with the first result, even when deciding it again would refuse it', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, budget);
    const first = await runner.execute({ streamId: 'b', streamType: 'budget', command: { draw: 60 }, commandId: 'cmd-1' });
    // Deciding cmd-1 again would draw 60 more (refused); the retry gets the first result.
    const again = await runner.execute({ streamId: 'b', streamType: 'budget', command: { draw: 60 }, commandId: 'cmd-1' });
    expect(again).toMatchObject({ duplicate: true, version: 1 });
    expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    // A retry that deciding again would accept is recognised too (its event id is taken).
    const small = await runner.execute({ streamId: 'b', streamType: 'budget', command: { draw: 5 }, commandId: 'cmd-2' });
    const smallAgain = await runner.execute({ streamId: 'b', streamType: 'budget', command: { draw: 5 }, commandId: 'cmd-2' });
    expect(smallAgain).toMatchObject({ duplicate: true, version: 2 });
    expect(smallAgain.events.map((e) => e.eventId)).toEqual(small.events.map((e) => e.eventId));
    expect(await fx.store.streamVersion('b')).toBe(2);
    expect(await runner.withState('b', (s) => s.spent)).toBe(65);
  });

  it('decides a batch in one transaction, each command seeing the state the previous one left; all or nothing', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, budget);
    const results = await runner.executeMany('b', 'budget', [
      { streamId: 'b', streamType: 'budget', command: { draw: 60 } },
      { streamId: 'b', streamType: 'budget', command: { draw: 40 } },
    ]);
    expect(results.map((r) => ('version' in r ? r.version : 'rejected'))).toEqual([1, 2]);
    await expect(
      runner.executeMany('b', 'budget', [
        { streamId: 'b', streamType: 'budget', command: { draw: 0 } },
        { streamId: 'b', streamType: 'budget', command: { draw: 1 } },
      ]),
    ).rejects.toThrow('over budget');
    expect(await fx.store.streamVersion('b')).toBe(2);
    // The failed batch's in-place state was dropped, not kept in the cache.
    expect(await runner.withState('b', (s) => s.draws)).toBe(2);
  });

  it('can drop only the refused commands of a batch and record the rest', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, budget);
    const results = await runner.executeMany(
      'b',
      'budget',
      [70, 50, 30].map((draw) => ({ streamId: 'b', streamType: 'budget', command: { draw } })),
      {
        isRejection: (error) => (error as Error).message === 'over budget',
      },
    );
    expect(results.map((r) => ('rejected' in r ? 'rejected' : r.version))).toEqual([1, 'rejected', 2]);
    expect(await runner.withState('b', (s) => s.spent)).toBe(100);
  });
});

// A toy that keeps everything evolve may read of an event, as the contract's does.
type LogCommand = { key: string; refuse?: boolean; none?: boolean; twice?: boolean };
interface LogState {
  seen: Array<{ version: number; recordedAt: string; type: string; data: unknown }>;
  keys: Set<string>;
}
const logDecider: Decider<LogCommand, LogState> = {
  initialState: () => ({ seen: [], keys: new Set() }),
  evolve: (state, event) => {
    state.seen.push({ version: event.streamVersion, recordedAt: event.recordedAt, type: event.type, data: event.data });
    state.keys.add((event.data as { key: string }).key);
    return state;
  },
  decide: (command, state, context) => {
    if (command.refuse || state.keys.has(command.key)) throw new Error('refused');
    if (command.none) return [];
    const event = {
      type: 'Logged',
      data: { zeta: 1, key: command.key, a: { yy: [1, { b: 2, aa: undefined }], x: 'é' }, at: context.nextVersion, skip: undefined },
    };
    return command.twice ? [event, { type: 'Logged2', data: { key: `${command.key}-2`, at: context.nextVersion + 1 } }] : [event];
  },
};

describe('DeciderRunner (batched append)', () => {
  let fx: EventStoreFixture;
  beforeEach(async () => {
    fx = await createEventStoreFixture(20);
  });
  afterEach(() => fx.close());

  const envelope = (command: LogCommand, commandId?: string) => ({
    streamId: 's',
    streamType: 'log',
    command,
    commandId,
    metadata: { actor: 'test:x', correlationId: 'c' },
  });
  const isRejection = (error: unknown) => (error as Error).message === 'refused';

  it('returns per command the events as stored, and keeps a state equal to a replay of the log', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, logDecider);
    await runner.execute(envelope({ key: 'k0' }, 'c0'));
    const results = await runner.executeMany(
      's',
      'log',
      [
        envelope({ key: 'k1' }, 'c1'),
        envelope({ key: 'k1' }, 'c2'), // refused: k1 is taken by the previous command of the batch
        envelope({ key: 'k2', twice: true }, 'c3'),
        envelope({ key: 'k9' }, 'c0'), // recorded in an earlier batch
        envelope({ key: 'k3' }, 'c3'), // a retry of a command of this batch
        envelope({ key: 'k4', none: true }, 'c4'),
        envelope({ key: 'k5' }), // no command id
        envelope({ key: 'k4' }, 'c4'), // c4 recorded nothing: decided anew
      ],
      { isRejection },
    );
    expect(results.map((r) => ('rejected' in r ? 'rejected' : [r.version, r.duplicate, r.events.map((e) => e.streamVersion)]))).toEqual([
      [2, false, [2]],
      'rejected',
      [4, false, [3, 4]],
      [4, true, [1]],
      [4, true, [3, 4]],
      [4, false, []],
      [5, false, [5]],
      [6, false, [6]],
    ]);
    const stored = await fx.store.readStream('s');
    const returned = results.flatMap((r) => ('rejected' in r || r.duplicate ? [] : r.events));
    // The same values, down to jsonb's key order, recordedAt's text and the log positions.
    expect(returned.map((e) => JSON.stringify(e, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))).toEqual(
      stored.slice(1).map((e) => JSON.stringify(e, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))),
    );
    expect(returned.every((e) => e.transactionId === stored[1].transactionId && e.transactionId !== stored[0].transactionId)).toBe(true);
    const cached = await runner.withState('s', (state, version) => ({ seen: JSON.stringify(state.seen), keys: [...state.keys], version }));
    const replayed = await new DeciderRunner(fx.pool, fx.store, logDecider).withState('s', (state, version) => ({
      seen: JSON.stringify(state.seen),
      keys: [...state.keys],
      version,
    }));
    expect(cached).toEqual(replayed);
    expect(cached.version).toBe(6);
    // recordedAt rises with the stream's version.
    const times = stored.map((e) => e.recordedAt);
    expect([...times].sort()).toEqual(times);
  });

  it("looks the batch's command ids up at once and refuses an id used on another stream", async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, logDecider);
    await runner.execute({ ...envelope({ key: 'x' }, 'other'), streamId: 't' });
    await expect(runner.executeMany('s', 'log', [envelope({ key: 'k1' }, 'c1'), envelope({ key: 'k2' }, 'other')], { isRejection })).rejects.toMatchObject({
      name: 'CommandIdReusedError',
      commandId: 'other',
    });
    expect(await fx.store.streamVersion('s')).toBe(0);
    expect(await runner.withState('s', (state) => state.seen.length)).toBe(0);
  });

  it("drops the cached state when the batch's append fails", async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, logDecider);
    await runner.execute(envelope({ key: 'k0' }, 'c0'));
    // Another writer takes the next event id of a command: the batch's one append fails.
    await fx.store.appendToStream({
      streamId: 'u',
      streamType: 'log',
      expectedVersion: 'any',
      events: [{ eventId: eventIdFor('c2', 1), type: 'X', data: { key: 'u' } }],
    });
    await expect(runner.executeMany('s', 'log', [envelope({ key: 'k1' }, 'c1'), envelope({ key: 'k2', twice: true }, 'c2')])).rejects.toThrow();
    expect(await fx.store.streamVersion('s')).toBe(1);
    expect(await runner.withState('s', (state) => [...state.keys])).toEqual(['k0']);
  });
});
