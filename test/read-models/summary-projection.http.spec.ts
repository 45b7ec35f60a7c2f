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
// the settlement paid, recorded in batches of one to 26 commands a second apart, among them a run of
// batches of one benefit week each that change nothing the summary shows. A batch stores the
// summary at the version it was appended on only when it changed since the last row stored (by the
// service's command side, and by a second one as after a restart), and that row is the stream
// folded to that version; over HTTP, "as recorded at" every batch's instant, 20 instants and now,
// the answer is the full fold's, folding only where no row and no command side can tell (a gap
// after a restart); without stored rows, or without those of the older part (a new code version),
// the read folds, answers the same and stores them; a restarted command side's running totals are the full ones.

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
  /** The instants of the batches of one benefit week each, and, read right after them (past the last row stored), their summaries over HTTP. */
  const unchanged: { instants: string[]; read: Array<{ asOf: string; body: unknown }>; rowsBefore: number[]; rowsAfter: number[] } = {
    instants: [],
    read: [],
    rowsBefore: [],
    rowsAfter: [],
  };

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
  const storedRows = async (): Promise<Array<{ version: number; previous: number | null }>> =>
    (
      await t.app
        .get(Database)
        .pool.query<{ stream_version: string; previous_version: string | null }>(
          'SELECT stream_version, previous_version FROM es_stream_projections WHERE stream_id = $1 AND projection = $2 ORDER BY stream_version',
          [STREAM, contractSummaryProjectionName()],
        )
    ).rows.map((row) => ({ version: Number(row.stream_version), previous: row.previous_version === null ? null : Number(row.previous_version) }));
  const storedVersions = async (): Promise<number[]> => (await storedRows()).map((row) => row.version);
  /** The summary of the stream folded to its version recorded by `asOf` (stored rows, when written, say the same without the asOf). */
  const foldedSummary = (asOf: string): unknown => asJson(contractSummaryView(foldedAt(stream.filter((event) => event.recordedAt <= asOf).length), asOf));
  const readAsOf = async (asOf: string): Promise<unknown> => {
    const response = await auditor.get(`${C}?asOf=${encodeURIComponent(asOf)}`);
    expect(response.status).toBe(200);
    return response.body;
  };
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
    // P4's benefit weeks one batch each: off benefit, but no payroll evidence after March, so no outcome.
    for (const week of weekRange(2019, 16, 25)) {
      await batch(cmd.week('P4', week, false));
      unchanged.instants.push(clock.instant());
    }
    // Read now, while the last row stored is below them all: the command side tells they are unchanged.
    unchanged.rowsBefore = await storedVersions();
    for (const asOf of unchanged.instants) unchanged.read.push({ asOf, body: await readAsOf(asOf) });
    unchanged.rowsAfter = await storedVersions();
    await batch(cmd.confirm(PAY('P1', 'SELF_SUPPORT_26W', 1), 'PAY-2', '2019-08-20'));
    await batch(cmd.amend({ ...definition, title: 'IMPACT60, amended', targetParticipants: 100 }));
    await batch(cmd.evidence('P1', 'B', 'EB2', '2019-07-01', '2019-08-25'));
    // A week found paid after all: SELF_SUPPORT_26W #1 is reversed, and what was paid for it is to be recovered.
    await batch(cmd.week('P1', '2019-W20', true));
    await batch(cmd.recover(PAY('P1', 'SELF_SUPPORT_26W', 1), 'BACK-1', '2019-11-15'));
    // Unchanged batches just before the restart: rows of the restarted command side cannot name the row below them.
    for (const week of weekRange(2019, 26, 28)) await batch(cmd.week('P4', week, false));
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

  it('a batch stored the summary at the version it was appended on only where it changed (or first after a restart): each row the stream folded to it', async () => {
    const firsts = [...new Set(stream.map((event) => event.transactionId))].map((id) => stream.find((event) => event.transactionId === id)!.streamVersion);
    const bases = firsts.map((first) => first - 1).filter((version) => version > 0);
    const rows = await storedRows();
    const versions = rows.map((row) => row.version);
    expect(versions.filter((version) => !bases.includes(version))).toEqual([]);
    const store = t.app.get(PostgresEventStore);
    for (const version of versions) {
      const stored = await store.projectedValue(STREAM, contractSummaryProjectionName(), version);
      expect({ version, summary: decodeStoredSummary(stored!, { contractId: CONTRACT, asOf: 'AS-OF', version }) }).toEqual({
        version,
        summary: asJson(contractSummaryView(foldedAt(version), 'AS-OF')),
      });
    }
    const storedAs = (version: number): string => JSON.stringify({ ...contractSummaryView(foldedAt(version), 'AS-OF'), version: 0 });
    for (const base of bases.filter((version) => !versions.includes(version))) {
      const below = Math.max(...versions.filter((version) => version < base));
      expect({ base, summary: storedAs(base) }).toEqual({ base, summary: storedAs(below) });
    }
    // A row names the row below it, where the writer had seen the batches in between (two command sides: two rows name none).
    rows.forEach((row, index) => expect(row.previous === null || row.previous === rows[index - 1]?.version).toBe(true));
    expect(rows.filter((row) => row.previous === null).length).toBeLessThanOrEqual(3);
    // The batches of one benefit week changed nothing: at most the first of them stored a row.
    const weekBases = unchanged.instants.map((asOf) => stream.filter((event) => event.recordedAt < asOf).length);
    expect(weekBases.filter((version) => versions.includes(version)).length).toBeLessThanOrEqual(1);
    expect(rows.length).toBeLessThan(bases.length - unchanged.instants.length + 2);
  });

  it('over HTTP, "as recorded at" the batches that changed nothing, read past the last row: the full fold’s summary, without a fold', () => {
    expect(unchanged.read.map(({ asOf, body }) => ({ asOf, body }))).toEqual(unchanged.instants.map((asOf) => ({ asOf, body: foldedSummary(asOf) })));
    expect(unchanged.rowsAfter).toEqual(unchanged.rowsBefore);
  });

  it('over HTTP, "as recorded at" every batch’s instant: the full fold’s summary, folding (and storing a row) only in the gap a restart left', async () => {
    const before = await storedRows();
    for (const asOf of instants) expect({ asOf, body: await readAsOf(asOf) }).toEqual({ asOf, body: foldedSummary(asOf) });
    const added = (await storedVersions()).filter((version) => !before.some((row) => row.version === version));
    // A read folds only where the first row above names no row below it: the rows each command side stored first after the restart.
    expect(added.length).toBeGreaterThan(0);
    for (const version of added)
      expect({ version, rowAbove: before.find((row) => row.version > version) }).toMatchObject({ version, rowAbove: { previous: null } });
    // Read again: every answer is now a lookup.
    const after = await storedVersions();
    for (const asOf of instants) await readAsOf(asOf);
    expect(await storedVersions()).toEqual(after);
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

  it('with a gap in the rows (rows lost, or events another writer appended): the reads there fold and store, never the row below the gap, every answer the full fold’s', async () => {
    const pool = t.app.get(Database).pool;
    const [from, to] = [0.25, 0.6].map((share) => stream.filter((event) => event.recordedAt <= instants[Math.floor(instants.length * share)]).length);
    await pool.query('DELETE FROM es_stream_projections WHERE stream_id = $1 AND stream_version >= $2 AND stream_version < $3', [STREAM, from, to]);
    for (const asOf of instants) expect({ asOf, body: await readAsOf(asOf) }).toEqual({ asOf, body: foldedSummary(asOf) });
    expect((await storedVersions()).filter((version) => version >= from && version < to).length).toBeGreaterThan(0);
  });

  it('without the rows of the older part (rows of a new code version start mid-stream) the reads there fold and store, every answer the full fold’s', async () => {
    const pool = t.app.get(Database).pool;
    const middle = stream.filter((event) => event.recordedAt <= instants[Math.floor(instants.length / 2)]).length;
    await pool.query('DELETE FROM es_stream_projections WHERE stream_id = $1 AND stream_version < $2', [STREAM, middle]);
    for (const asOf of instants) expect({ asOf, body: await readAsOf(asOf) }).toEqual({ asOf, body: foldedSummary(asOf) });
    const folded = (await storedVersions()).filter((version) => version < middle).length;
    // One fold at least; at most one per instant there (fewer: a fold's row, with a row above naming one at or below it, answers the unchanged versions above it).
    expect(folded).toBeGreaterThan(0);
    expect(folded).toBeLessThanOrEqual(instants.filter((asOf) => stream.filter((event) => event.recordedAt <= asOf).length < middle).length);
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
