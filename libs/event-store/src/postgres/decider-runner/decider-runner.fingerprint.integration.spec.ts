import { createEventStoreFixture, type EventStoreFixture } from '#test-support/event-store.fixture.js';
import { CommandBatcher } from './command-batcher.js';
import type { Decider } from '../../decider.js';
import { type CommandResult, DeciderRunner } from './decider-runner.js';
import { CommandIdReusedError } from '../../event-store.errors.js';

// A notebook that records every note it is given: deciding a command twice would show as two events.
type Command = { note: string };
interface State {
  notes: string[];
}
const notebook: Decider<Command, State> = {
  initialState: () => ({ notes: [] }),
  evolve: (state, event) => {
    state.notes.push((event.data as { note: string }).note);
    return state;
  },
  decide: (command) => [{ type: 'Noted', data: { note: command.note } }],
};
/** A command with id `commandId` whose fingerprint is its note (the caller hashes its command in real use). */
const envelope = (commandId: string, note: string, fingerprint: string | undefined = `fp-${note}`) => ({
  streamId: 's',
  streamType: 'notebook',
  command: { note },
  commandId,
  ...(fingerprint !== undefined ? { fingerprint } : {}),
});
const isReuse = (error: unknown) => error instanceof CommandIdReusedError;

describe('DeciderRunner: a command id stands for one command (its fingerprint)', () => {
  let fx: EventStoreFixture;
  beforeEach(async () => {
    fx = await createEventStoreFixture();
  });
  afterEach(() => fx.close());
  const notes = async () => (await fx.store.readStream('s')).map((e) => (e.data as { note: string }).note);

  it('refuses the id with another command on the locked path (another process), records nothing, and still answers the real retry', async () => {
    const first = await new DeciderRunner(fx.pool, fx.store, notebook).execute(envelope('k-1', 'payroll'));
    await expect(new DeciderRunner(fx.pool, fx.store, notebook).execute(envelope('k-1', 'benefit week'))).rejects.toMatchObject({
      name: 'CommandIdReusedError',
      commandId: 'k-1',
      reason: 'another-command',
      recordedType: 'Noted',
    });
    expect(await notes()).toEqual(['payroll']);
    const retry = await new DeciderRunner(fx.pool, fx.store, notebook).execute(envelope('k-1', 'payroll'));
    expect(retry).toMatchObject({ duplicate: true, version: 1 });
    expect(retry.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
  });

  it('refuses the id with another command on the one-statement path (a cached stream), and the stream goes on', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, notebook);
    await runner.execute(envelope('k-0', 'warm'));
    await runner.execute(envelope('k-1', 'payroll'));
    await expect(runner.execute(envelope('k-1', 'benefit week'))).rejects.toMatchObject({ name: 'CommandIdReusedError', reason: 'another-command' });
    expect(await runner.execute(envelope('k-1', 'payroll'))).toMatchObject({ duplicate: true, version: 2 });
    expect(await runner.execute(envelope('k-2', 'benefit week'))).toMatchObject({ duplicate: false, version: 3 });
    expect(await notes()).toEqual(['warm', 'payroll', 'benefit week']);
    expect(await runner.withState('s', (state) => state.notes)).toEqual(['warm', 'payroll', 'benefit week']);
  });

  it.each([
    ['a fresh runner (locked path)', false],
    ['a runner with the stream cached (one-statement path first)', true],
  ])("in one batch on %s: a second command with the id is the first one's retry, or refused if it asks something else", async (_, warm) => {
    const runner = new DeciderRunner(fx.pool, fx.store, notebook);
    if (warm) await runner.execute(envelope('k-0', 'warm'));
    const base = warm ? 1 : 0;
    const results = await runner.executeMany(
      's',
      'notebook',
      [envelope('k-1', 'payroll'), envelope('k-1', 'payroll'), envelope('k-1', 'benefit week'), envelope('k-2', 'placement')],
      { isRejection: isReuse },
    );
    expect(results.map((r) => ('rejected' in r ? (r.rejected as CommandIdReusedError).reason : [r.version, r.duplicate]))).toEqual([
      [base + 1, false],
      [base + 1, true],
      'another-command',
      [base + 2, false],
    ]);
    expect((results[1] as CommandResult).events).toEqual((results[0] as CommandResult).events);
    expect(await notes()).toEqual([...(warm ? ['warm'] : []), 'payroll', 'placement']);
  });

  it('in a group-commit batch: the retry gets the first result, the reuse is refused alone', async () => {
    const batcher = new CommandBatcher(new DeciderRunner(fx.pool, fx.store, notebook), isReuse);
    // The first command runs alone; the next three arrive while it runs and are decided together.
    const outcomes = await Promise.allSettled([
      batcher.submit(envelope('k-0', 'warm')),
      batcher.submit(envelope('k-1', 'payroll')),
      batcher.submit(envelope('k-1', 'benefit week')),
      batcher.submit(envelope('k-1', 'payroll')),
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? [o.value.version, o.value.duplicate] : (o.reason as CommandIdReusedError).reason))).toEqual([
      [1, false],
      [2, false],
      'another-command',
      [2, true],
    ]);
    const [, payroll, , retry] = outcomes as Array<PromiseFulfilledResult<CommandResult>>;
    expect(new Set([...payroll.value.events, ...retry.value.events].map((e) => e.transactionId)).size).toBe(1);
    expect(await notes()).toEqual(['warm', 'payroll']);
  });

  it("keeps the fingerprint and the command id in the metadata of the command's events", async () => {
    const { events } = await new DeciderRunner(fx.pool, fx.store, notebook).execute({ ...envelope('k-1', 'payroll'), metadata: { actor: 'provider:p' } });
    expect((await fx.store.readStream('s'))[0].metadata).toEqual({ actor: 'provider:p', commandId: 'k-1', fingerprint: 'fp-payroll' });
    expect(events[0].metadata).toEqual({ actor: 'provider:p', commandId: 'k-1', fingerprint: 'fp-payroll' });
  });

  it('answers a retry as a retry when either side has no fingerprint (events recorded before fingerprints)', async () => {
    await new DeciderRunner(fx.pool, fx.store, notebook).execute(envelope('k-1', 'payroll', undefined));
    expect(await new DeciderRunner(fx.pool, fx.store, notebook).execute(envelope('k-1', 'payroll'))).toMatchObject({ duplicate: true });
    expect(await notes()).toEqual(['payroll']);
  });
});
