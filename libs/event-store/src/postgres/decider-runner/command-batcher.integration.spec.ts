import { createEventStoreFixture, type EventStoreFixture } from '#test-support/event-store.fixture.js';
import type { RecordedEvent } from '../../event-envelope.js';
import { CommandBatcher } from './command-batcher.js';
import type { Decider } from '../../decider.js';
import { DeciderRunner } from './decider-runner.js';

class Refused extends Error {}
type Command = { draw: number } | { explode: true };
interface State {
  spent: number;
}
const LIMIT = 100;
const budget: Decider<Command, State> = {
  initialState: () => ({ spent: 0 }),
  evolve: (state, event: RecordedEvent) => {
    state.spent += (event.data as { amount: number }).amount;
    return state;
  },
  decide: (command, state) => {
    if ('explode' in command) throw new Error('a bug in one command');
    if (state.spent + command.draw > LIMIT) throw new Refused('over budget');
    return [{ type: 'Drawn', data: { amount: command.draw } }];
  },
};

describe('CommandBatcher (group commit)', () => {
  let fx: EventStoreFixture;
  beforeEach(async () => {
    fx = await createEventStoreFixture();
  });
  afterEach(() => fx.close());

  it('decides commands arriving together in fewer transactions, with the same outcome as one by one', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, budget);
    const batcher = new CommandBatcher(runner, (e) => e instanceof Refused);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => batcher.submit({ streamId: 'b', streamType: 'budget', command: { draw: 7 }, commandId: `c-${i}` })),
    );
    const accepted = outcomes.filter((o) => o.status === 'fulfilled');
    expect(accepted).toHaveLength(14); // 14 * 7 = 98 <= 100
    outcomes.slice(14).forEach((o) => expect(o.status === 'rejected' && o.reason instanceof Refused).toBe(true));
    const events = await fx.store.readStream('b');
    expect(events).toHaveLength(14);
    const transactions = new Set(events.map((e) => e.transactionId));
    expect(transactions.size).toBeLessThan(14);
    // Each caller got its own command's event, at its own version.
    accepted.forEach((o, i) => {
      const result = (o as PromiseFulfilledResult<{ events: RecordedEvent[]; version: number }>).value;
      expect(result.events).toHaveLength(1);
      expect(result.events[0].metadata).toMatchObject({ commandId: `c-${i}` });
      expect(result.version).toBe(result.events[0].streamVersion);
    });
  });

  it('fails only the command that breaks, when a group fails as a whole', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, budget);
    const batcher = new CommandBatcher(runner, (e) => e instanceof Refused);
    const commands: Command[] = [{ draw: 1 }, { draw: 2 }, { explode: true }, { draw: 3 }, { draw: 4 }];
    const outcomes = await Promise.allSettled(
      commands.map((command, i) => batcher.submit({ streamId: 'b', streamType: 'budget', command, commandId: `k-${i}` })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason.message).toBe('a bug in one command');
    const amounts = (await fx.store.readStream('b')).map((e) => (e.data as { amount: number }).amount);
    expect(amounts.sort()).toEqual([1, 2, 3, 4]);
  });
});
