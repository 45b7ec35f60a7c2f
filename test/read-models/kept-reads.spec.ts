import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { ContractHistory, type ContractCommandRequest, ExecuteContractBatch, KeptComputations } from '#contracts';
import { type ContractCommand, type ContractState, impact60Example, SettableClock } from '#domain';
import { startTestApp, type TestApp } from '#test-support/test-app.js';

// ContractHistory.readKept (the settlement and its what-if are read through it): a read computed
// once per key on a real database, now and as recorded at an instant; a new fact is a new version,
// so a new key, never the kept answer of the version before.

const CONTRACT = 'kept-reads';
const metadata = { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() };

describe('reads kept per log version', () => {
  let t: TestApp;
  let history: ContractHistory;
  const clock = new SettableClock(new Date('2019-03-01T08:00:00Z'));
  const run = (...commands: ContractCommand[]) =>
    t.app.get(CommandBus).execute(
      new ExecuteContractBatch(
        CONTRACT,
        commands.map((command): ContractCommandRequest => ({ command, metadata })),
      ),
    );
  const refer = (n: number): ContractCommand => ({
    type: 'ReferParticipant',
    data: { participantId: `p_${String(n).padStart(43, '0')}`, referredOn: '2019-02-01', intakeVariant: 'thorough', intakeOutcome: 'accepted' },
  });
  /** A read that counts its calls: the participants referred by the version it is given. */
  let calls = 0;
  const referred = (state: ContractState): number => (calls++, state.participants.size);
  const keyOf = (version: number): string => `${CONTRACT} ${version}`;
  /** The instant after the first referral, and a later one before the second. */
  let afterFirst: string;
  let laterSameVersion: string;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    history = t.app.get(ContractHistory);
    await run(
      { type: 'RegisterContract', data: { definition: { ...impact60Example(), contractId: CONTRACT } } },
      { type: 'ActivateContract', data: { activatedOn: '2018-09-01' } },
    );
    clock.set(new Date('2019-03-02T08:00:00Z'));
    await run(refer(1));
    afterFirst = '2019-03-02T09:00:00.000000Z';
    laterSameVersion = '2019-03-03T09:00:00.000000Z';
    clock.set(new Date('2019-03-04T08:00:00Z'));
  });

  afterAll(() => t?.close());

  beforeEach(() => {
    calls = 0;
  });

  it('now: computes once per version, and again once a fact has made a new version', async () => {
    const kept = new KeptComputations<Promise<number>>(4);
    const first = await history.readKept(CONTRACT, undefined, kept, keyOf, referred);
    const again = await history.readKept(CONTRACT, undefined, kept, keyOf, referred);
    expect(again).toEqual(first);
    expect(calls).toBe(1);

    await run(refer(2));
    const after = await history.readKept(CONTRACT, undefined, kept, keyOf, referred);
    expect(after.version).toBeGreaterThan(first.version);
    expect(after.value).toBe(first.value + 1);
    expect(calls).toBe(2);
  });

  it('as recorded at: one fold per version, whatever the instant, answering what a fresh read answers', async () => {
    const kept = new KeptComputations<Promise<number>>(4);
    const first = await history.readKept(CONTRACT, afterFirst, kept, keyOf, referred);
    const later = await history.readKept(CONTRACT, laterSameVersion, kept, keyOf, referred);
    expect(calls).toBe(1);
    expect(later.version).toBe(first.version);
    expect(later.asOf).toBe(laterSameVersion);
    expect(later.value).toBe(first.value);
    expect(first.value).toBe(await history.read(CONTRACT, afterFirst, (state) => state.participants.size));
    expect(first.value).toBe(1);
  });

  it('refuses an unknown contract and an instant before the contract, computing nothing', async () => {
    const kept = new KeptComputations<Promise<number>>(4);
    await expect(history.readKept('no-such-contract', undefined, kept, keyOf, referred)).rejects.toMatchObject({ code: 'contract-not-found' });
    await expect(history.readKept(CONTRACT, '2019-01-01T00:00:00Z', kept, keyOf, referred)).rejects.toMatchObject({ code: 'as-of-before-contract' });
    expect(calls).toBe(0);
  });
});
