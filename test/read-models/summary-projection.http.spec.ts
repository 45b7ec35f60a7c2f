import { CommandBus } from '@nestjs/cqrs';
import {
  type ContractCommandRequest,
  ContractRunner,
  ContractSnapshots,
  contractSummaryProjectionName,
  contractSummaryView,
  type ContractSummaryView,
  decodeStoredSummary,
  ExecuteContractBatch,
  summaryViewOf,
} from '#contracts';
import { Database } from '#database';
import { Clock, type ContractCommand, contractPayments, contractStreamId, replay, SettableClock, type ContractState } from '#domain';
import { cmd, impact60Definition, weekRange } from '#domain/testing/contract.harness.js';
import { PostgresEventStore, type RecordedEvent } from '#event-store';
import { ApiClient } from '#test-support/api-client.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

// The contract summary's projection (docs/snapshots.md, "The contract summary") against the full recompute, on a real
// database through the service: the worked example's participant with three others, an amendment,
// a reversal and its recovery, a termination, a settlement that supersedes an open payment, and
// the settlement paid, recorded in batches of one to 26 commands a second apart. The summary stored
// with each batch (by the service's command side, and by a second one as after a restart) is that of the stream folded to the version the batch was appended on; over HTTP, "as
// recorded at" 20 instants and now, the answer is the full fold's; without stored rows the read
// folds, answers the same and stores them; a restarted command side's running totals are the full ones.

const CONTRACT = 'summary-projection';
const C = `/contracts/${CONTRACT}`;
const STREAM = contractStreamId(CONTRACT);
const metadata = { actor: 'commissioner:aalborg-kommune' };
const PAY = (participant: string, code: string, occurrence: number): string => `${CONTRACT}:${participant}:${code}:${occurrence}:1`;

describe('the contract summary as recorded at any instant, from its projection', () => {
  let t: TestApp;
  let auditor: ApiClient;
  const clock = new SettableClock(new Date('2019-12-10T08:00:00Z'));
  /** The recordedAt of each batch, in order. */
  const instants: string[] = [];
  let stream: RecordedEvent[];
  let restarted: Record<'cold' | 'warm', { kept: ContractSummaryView; full: ContractSummaryView }>;

  const batch = async (...commands: ContractCommand[]): Promise<void> => {
    clock.set(new Date(clock.now().getTime() + 1000));
    const requests: ContractCommandRequest[] = commands.map((command) => ({ command, metadata }));
    const outcomes = await t.app.get(CommandBus).execute(new ExecuteContractBatch(CONTRACT, requests));
    expect(outcomes.filter((outcome: object) => !('version' in outcome))).toEqual([]);
    instants.push(clock.instant());
    await keptAgainstFull(t.app.get(ContractRunner));
  };
  /** After each batch, the service's command side: its running totals against the full recompute of its state. */
  const kept: Array<{ version: number; same: boolean }> = [];
  const keptAgainstFull = async (runner: ContractRunner): Promise<void> => {
    kept.push(
      await runner.withContractState(CONTRACT, (s, version, totals) => ({
        version,
        same: JSON.stringify(summaryViewOf(s, totals!, 'AS-OF')) === JSON.stringify(contractSummaryView(s, 'AS-OF')),
      })),
    );
  };
  const state = (): Promise<ContractState> => t.app.get(ContractRunner).withContractState(CONTRACT, (s) => structuredClone(s));
  const foldedAt = (version: number): ContractState => replay(stream.slice(0, version));
  const storedVersions = async (): Promise<number[]> =>
    (
      await t.app
        .get(Database)
        .pool.query<{ stream_version: string }>(
          'SELECT stream_version FROM es_stream_projections WHERE stream_id = $1 AND projection = $2 ORDER BY stream_version',
          [STREAM, contractSummaryProjectionName()],
        )
    ).rows.map((row) => Number(row.stream_version));
  const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    ({ auditor: auditor } = await createTokens(t.app, { auditor: { name: 'rigsrevisionen', role: 'auditor', contracts: '*' } }).then((tokens) => ({
      auditor: new ApiClient(t.baseUrl, tokens.auditor),
    })));
    const definition = { ...impact60Definition(), contractId: CONTRACT };
    await batch(cmd.register(definition), cmd.activate());
    await batch(cmd.refer('P1'), cmd.refer('P2', '2018-12-01', 'rejected'), cmd.refer('P3'), cmd.refer('P4'));
    await batch(cmd.enrol('P3', '2019-01-07'), cmd.start('P3', 'X', '2019-01-14', 10, 'education'), cmd.withdraw('P3', '2019-02-01'));
    await batch(cmd.enrol('P1', '2019-01-07'));
    await batch(cmd.enrol('P4', '2019-01-07'));
    await batch(cmd.start('P1', 'A', '2019-02-04', 20), cmd.end('P1', 'A', '2019-03-10'));
    await batch(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
    await batch(cmd.confirm(PAY('P1', 'JOB_START', 1), 'PAY-1', '2019-03-01'));
    await batch(cmd.start('P4', 'A', '2019-03-04', 30));
    await batch(cmd.evidence('P4', 'A', 'E4', '2019-03-04', '2019-03-31'));
    await batch(cmd.start('P1', 'B', '2019-04-01', 30), cmd.evidence('P1', 'B', 'EB1', '2019-04-01', '2019-06-30'));
    await batch(...weekRange(2019, 6, 31).map((week) => cmd.week('P1', week, false)));
    await batch(cmd.confirm(PAY('P1', 'SELF_SUPPORT_26W', 1), 'PAY-2', '2019-08-20'));
    await batch(cmd.amend({ ...definition, title: 'IMPACT60, amended', targetParticipants: 100 }));
    await batch(cmd.evidence('P1', 'B', 'EB2', '2019-07-01', '2019-08-25'));
    // A week found paid after all: SELF_SUPPORT_26W #1 is reversed, and what was paid for it is to be recovered.
    await batch(cmd.week('P1', '2019-W20', true));
    await batch(cmd.recover(PAY('P1', 'SELF_SUPPORT_26W', 1), 'BACK-1', '2019-11-15'));
    // A second command side, as after a restart; the service's own is then behind, and takes its locked path next.
    const runner = new ContractRunner(t.app.get(Database), t.app.get(PostgresEventStore), t.app.get(Clock), t.app.get(ContractSnapshots));
    const summaryOf = () =>
      runner.withContractState(CONTRACT, (s, _v, totals) => ({ kept: summaryViewOf(s, totals!, 'AS-OF'), full: contractSummaryView(s, 'AS-OF') }));
    const cold = await summaryOf();
    clock.set(new Date(clock.now().getTime() + 1000));
    await runner.executeMany(STREAM, 'contract', [{ streamId: STREAM, streamType: 'contract', command: cmd.week('P4', '2019-W30', false), metadata }]);
    instants.push(clock.instant());
    restarted = { cold, warm: await summaryOf() };
    await batch(...weekRange(2019, 32, 46).map((week) => cmd.week('P1', week, false)));
    await batch(cmd.terminate('2019-12-01'));
    clock.set(new Date('2020-03-01T08:00:00Z'));
    await batch(cmd.propose('commissioner', definition.parties.commissioner));
    const proposalId = (await state()).settlement.proposals.at(-1)!.proposalId;
    await batch(cmd.agree(proposalId, 'investor', definition.parties.investor));
    const agreed = await state();
    await batch(cmd.confirm(agreed.settlement.agreement!.paymentId, 'SETTLED-1', '2020-03-02'));
    await t.app.get(ContractSnapshots).written();
    stream = await t.app.get(PostgresEventStore).readStream(STREAM);
  }, 120_000);

  afterAll(() => t?.close());

  it('the scenario reaches what the summary must follow: amendment, reversal, recovery, termination, supersession, settlement', () => {
    const types = new Set(stream.map((event) => event.type));
    for (const type of ['ContractAmended', 'OutcomeVerified', 'OutcomeReversed', 'PaymentConfirmed', 'PaymentRecovered', 'ContractTerminated'])
      expect(types).toContain(type);
    for (const type of ['SettlementAgreed', 'PaymentSuperseded', 'SettlementPaid']) expect(types).toContain(type);
    expect(contractPayments(foldedAt(stream.length)).filter((p) => p.state === 'superseded').length).toBeGreaterThan(0);
  });

  it('after every batch, the command side’s running totals give the full recompute’s summary, to the byte', () => {
    expect(kept.length).toBe(instants.length - 1);
    expect(kept.filter((k) => !k.same)).toEqual([]);
  });

  it('every batch stored the summary at the version it was appended on: that of the stream folded to it', async () => {
    const firsts = [...new Set(stream.map((event) => event.transactionId))].map((id) => stream.find((event) => event.transactionId === id)!.streamVersion);
    const bases = firsts.map((first) => first - 1).filter((version) => version > 0);
    expect(await storedVersions()).toEqual(bases);
    const store = t.app.get(PostgresEventStore);
    for (const version of bases) {
      const stored = await store.projectedValue(STREAM, contractSummaryProjectionName(), version);
      expect({ version, summary: decodeStoredSummary(stored!, { contractId: CONTRACT, asOf: 'AS-OF', version }) }).toEqual({
        version,
        summary: asJson(contractSummaryView(foldedAt(version), 'AS-OF')),
      });
    }
  });

  it('over HTTP, "as recorded at" 20 instants (the latest among them) and now: the full fold’s summary', async () => {
    const step = (instants.length - 1) / 19;
    const at = Array.from({ length: 20 }, (_, i) => instants[Math.round(i * step)]);
    expect(at.at(-1)).toBe(instants.at(-1));
    for (const asOf of at) {
      const response = await auditor.get(`${C}?asOf=${encodeURIComponent(asOf)}`);
      expect(response.status).toBe(200);
      const version = stream.filter((event) => event.recordedAt <= asOf).length;
      expect({ asOf, body: response.body }).toEqual({ asOf, body: asJson(contractSummaryView(foldedAt(version), asOf)) });
    }
    const now = await auditor.get(C);
    expect(now.body).toEqual(asJson(contractSummaryView(foldedAt(stream.length), now.body.asOf)));
  });

  it('without stored summaries (a contract recorded before the projection, or under other code) the read folds, answers the same and stores it', async () => {
    const pool = t.app.get(Database).pool;
    await pool.query('DELETE FROM es_stream_projections WHERE stream_id = $1', [STREAM]);
    const asOf = instants[Math.floor(instants.length / 2)];
    const version = stream.filter((event) => event.recordedAt <= asOf).length;
    const response = await auditor.get(`${C}?asOf=${encodeURIComponent(asOf)}`);
    expect(response.body).toEqual(asJson(contractSummaryView(foldedAt(version), asOf)));
    expect(await storedVersions()).toEqual([version]);
  });

  it('a restarted command side (a new runner) computes its running totals once from the state: the full ones; it keeps them exact, and the first runner, now behind, catches up', () => {
    expect(restarted.cold.kept).toEqual(restarted.cold.full);
    expect(restarted.warm.kept).toEqual(restarted.warm.full);
    expect(restarted.warm.kept.version).toBe(restarted.cold.kept.version + 1);
  });
});
