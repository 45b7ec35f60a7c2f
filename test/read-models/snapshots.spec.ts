import { randomUUID } from 'node:crypto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ContractHistory,
  type ContractCommandRequest,
  ContractRunner,
  ContractSnapshots,
  contractSummaryView,
  ExecuteContractBatch,
  GetContractSummaryQuery,
  GetOccurrenceProvenanceQuery,
  ListParticipantsQuery,
  participantsView,
  whatIfSettlementView,
} from '#contracts';
import { Database } from '#database';
import {
  Clock,
  type ContractCommand,
  type ContractState,
  contractStreamId,
  decide,
  encodeContractState,
  impact60Example,
  initialContractState,
  pseudonymise,
  replay,
  SettableClock,
} from '#domain';
import { PAGE_MAX_LIMIT, PostgresEventStore, type RecordedEvent } from '#event-store';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { KEY, paymentRun, type SyntheticLine, syntheticWeeks } from '../evidence/synthetic-contract.js';

// Snapshots of the contract's state (docs/snapshots.md), on the demo's synthetic contract recorded
// through the service's command handling: the command side restarted from a snapshot holds the
// state a full replay gives and decides the same; "as recorded at" reads answer what a plain fold
// of the stream answers; snapshots of other rules, or unreadable, are passed over.

const CONTRACT = 'snapshot-demo';
const STREAM = contractStreamId(CONTRACT);
const metadata = { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() };

describe('snapshots of a contract state', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2019-09-01T08:00:00Z'));
  /** The instants after each week's facts were recorded. */
  const instants: string[] = [];
  let stream: RecordedEvent[];

  /** The stream's version after each batch the command side recorded. */
  const batchEnds: number[] = [];
  const run = async (requests: ContractCommandRequest[]) => {
    const outcomes = await t.app.get(CommandBus).execute(new ExecuteContractBatch(CONTRACT, requests));
    const versions = outcomes.flatMap((outcome) => ('version' in outcome ? [outcome.version] : []));
    if (versions.length > 0 && Math.max(...versions) > (batchEnds.at(-1) ?? 0)) batchEnds.push(Math.max(...versions));
  };
  const asRequests = (lines: SyntheticLine[]): ContractCommandRequest[] =>
    lines.map((line) => {
      const { cpr, ...data } = line.data;
      const withId = typeof cpr === 'string' ? { participantId: pseudonymise(cpr, KEY), ...data } : data;
      return { command: { type: line.type, data: withId } as ContractCommand, metadata };
    });
  const foldedAt = (asOf: string): ContractState => replay(stream.filter((event) => event.recordedAt <= asOf));
  const newRunner = () => new ContractRunner(t.app.get(Database), t.app.get(PostgresEventStore), t.app.get(Clock), t.app.get(ContractSnapshots));
  const snapshotRows = async () =>
    (
      await t.app
        .get(Database)
        .pool.query<{ stream_version: string; rules_version: string }>('SELECT stream_version, rules_version FROM es_snapshots WHERE stream_id = $1', [STREAM])
    ).rows;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await run([
      {
        command: { type: 'RegisterContract', data: { definition: { ...impact60Example(), contractId: CONTRACT } } },
        metadata,
      },
      { command: { type: 'ActivateContract', data: { activatedOn: '2018-09-01' } }, metadata },
    ]);
    const { weeks } = syntheticWeeks({ seed: 20, citizens: 120, weeks: 52 });
    for (const week of weeks) {
      clock.set(new Date(clock.now().getTime() + 3_600_000));
      await run(asRequests(week.commissioner.filter((line) => line.type === 'ReferParticipant')));
      await run(asRequests(week.provider));
      await run(asRequests(week.commissioner.filter((line) => line.type !== 'ReferParticipant')));
      if (week.plan.paymentRun !== null) {
        const runOn = week.plan.paymentRun;
        await run(asRequests(await t.app.get(ContractRunner).withContractState(CONTRACT, (state) => paymentRun(state, runOn))));
      }
      instants.push(clock.instant());
    }
    await t.app.get(ContractSnapshots).written();
    stream = await t.app.get(PostgresEventStore).readStream(STREAM);
  }, 300_000);

  afterAll(() => t?.close());

  it('the command side leaves one after the first batch that ends CONTRACT_SNAPSHOT_EVERY events or more past the last', async () => {
    const snapshots = t.app.get(ContractSnapshots);
    expect(stream.length).toBeGreaterThan(3 * snapshots.every);
    const expected: number[] = [];
    for (const end of batchEnds) if (snapshots.due(expected.at(-1) ?? 0, end)) expected.push(end);
    const versions = (await snapshotRows()).map((row) => Number(row.stream_version)).sort((a, b) => a - b);
    expect(versions).toEqual(expected);
    versions.forEach((version, i) => expect(version - (versions[i - 1] ?? 0)).toBeGreaterThanOrEqual(snapshots.every));
    expect(versions.length).toBeGreaterThanOrEqual(3);
  });

  it('a restarted command side (a new runner, nothing cached) starts from the snapshot: the state a full replay gives, and the same decision next', async () => {
    const runner = newRunner();
    const restarted = await runner.withContractState(CONTRACT, (state) => encodeContractState(state));
    const replayed = replay(stream);
    expect(JSON.parse(restarted)).toEqual(JSON.parse(encodeContractState(replayed)));

    const participantId = [...replayed.participants.values()].find((p) => p.enrolment !== null && p.withdrawal === null)!.participantId;
    const command: ContractCommand = {
      type: 'RecordBenefitWeek',
      data: { participantId, week: '2019-W40', benefitPaid: false, source: 'DREAM' },
    };
    const expected = decide({ command, state: replayed, nextVersion: replayed.version + 1, now: clock.instant() });
    const [result] = await runner.executeMany(STREAM, 'contract', [{ streamId: STREAM, streamType: 'contract', command, metadata }]);
    expect(result).toMatchObject({ version: replayed.version + expected.length });
    const recorded = await t.app.get(PostgresEventStore).readStream(STREAM, { fromVersion: replayed.version + 1 });
    expect(recorded.map((event) => ({ type: event.type, data: event.data }))).toEqual(expected.map((event) => ({ type: event.type, data: event.data })));
    stream = [...stream, ...recorded];
  });

  it('"as recorded at" answers (the state, summary, participants, a what-if, provenance) at 20 instants are those of a plain fold of the stream', async () => {
    const history = t.app.get(ContractHistory);
    const queries = t.app.get(QueryBus);
    const step = (instants.length - 1) / 19;
    const at = Array.from({ length: 20 }, (_, i) => instants[Math.round(i * step)]);
    for (const asOf of at) {
      const folded = foldedAt(asOf);
      const state = await history.read(CONTRACT, asOf, (s) => encodeContractState(s));
      expect(JSON.parse(state)).toEqual(JSON.parse(encodeContractState(folded)));
      expect(await queries.execute(new GetContractSummaryQuery(CONTRACT, asOf))).toEqual(contractSummaryView(folded, asOf));
      // Every participant in one page (the list is paged: docs/reading.md#paging).
      expect(await queries.execute(new ListParticipantsQuery(CONTRACT, asOf, { limit: PAGE_MAX_LIMIT }))).toEqual(participantsView(folded, asOf));
      expect(await history.read(CONTRACT, asOf, (s) => whatIfSettlementView(s, asOf, '2019-06-30', {}))).toEqual(
        whatIfSettlementView(folded, asOf, '2019-06-30', {}),
      );
      const entry = [...folded.ledger.values()].at(-1);
      if (entry !== undefined) {
        const provenance = await queries.execute(new GetOccurrenceProvenanceQuery(CONTRACT, entry.paymentId, asOf));
        expect(provenance).toMatchObject({
          occurrence: { paymentId: entry.paymentId, amount: entry.amount, status: entry.reversal === null ? 'verified' : 'reversed' },
          provenance: entry.provenance.map((position) => expect.objectContaining({ position })),
        });
      }
    }
    expect(at.filter((asOf) => foldedAt(asOf).version >= 2 * t.app.get(ContractSnapshots).every).length).toBeGreaterThan(5);
  });

  it('snapshots closer to the last one kept than `due` asks for are thinned out when the next is written; the chain stays, and reads between answer as the fold', async () => {
    const snapshots = t.app.get(ContractSnapshots);
    const versions = async () => (await snapshotRows()).map((row) => Number(row.stream_version)).sort((a, b) => a - b);
    const before = await versions();
    // Two snapshots between two of the chain (as reads at many instants, or a restarted runner, leave).
    const gap = before.findIndex((version, i) => i > 0 && i < before.length - 1 && before[i + 1] - version > 30);
    expect(gap).toBeGreaterThan(0);
    const extras = [before[gap] + 10, before[gap] + 20];
    for (const version of extras) snapshots.save(STREAM, version, stream[version - 1].recordedAt, replay(stream.slice(0, version)));
    await snapshots.written();
    expect(await versions()).toEqual(before);
    expect(snapshots.redundant(before)).toEqual([]);
    const asOf = stream[extras[1] - 1].recordedAt;
    expect(JSON.parse(await t.app.get(ContractHistory).read(CONTRACT, asOf, (s) => encodeContractState(s)))).toEqual(
      JSON.parse(encodeContractState(foldedAt(asOf))),
    );
  });

  it('a snapshot of another rules version is ignored; deleted at start-up once its rules have written none for 24 hours, kept before (a rolling upgrade)', async () => {
    const latest = stream.length;
    const db = t.app.get(Database).pool;
    const insert = (rules: string, version: number, writtenAt: string) =>
      db.query(
        `INSERT INTO es_snapshots (stream_id, rules_version, stream_version, recorded_at, state, written_at) VALUES ($1, $2, $3, $4, $5, ${writtenAt})`,
        [STREAM, rules, version, stream[version - 1].recordedAt, encodeContractState(initialContractState())],
      );
    // Rules still running (one written an hour ago, one a week ago), and rules quiet for 25 hours.
    await insert('running-rules', latest, `now() - interval '1 hour'`);
    await insert('running-rules', latest - 1, `now() - interval '7 days'`);
    await insert('stopped-rules', latest, `now() - interval '25 hours'`);
    await insert('stopped-rules', latest - 1, `now() - interval '8 days'`);
    const state = await newRunner().withContractState(CONTRACT, (s) => encodeContractState(s));
    expect(JSON.parse(state)).toEqual(JSON.parse(encodeContractState(replay(stream))));
    const snapshots = t.app.get(ContractSnapshots);
    const rulesOf = async () => [...new Set((await snapshotRows()).map((row) => row.rules_version))].sort();
    expect(await snapshots.deleteOtherRules()).toBe(2);
    expect(await rulesOf()).toEqual(['running-rules', snapshots.rulesVersion].sort());
    // Its processes stopped: a day later, they go too.
    await db.query(`UPDATE es_snapshots SET written_at = written_at - interval '1 day' WHERE rules_version = 'running-rules'`);
    expect(await snapshots.deleteOtherRules()).toBe(2);
    expect(await rulesOf()).toEqual([snapshots.rulesVersion]);
  });

  it('a snapshot that is read is used; one that cannot be read is passed over for an earlier one or a replay', async () => {
    const rulesVersion = t.app.get(ContractSnapshots).rulesVersion;
    const latest = stream.length;
    // A snapshot that says another title than the log: a runner that reads it shows that title.
    const marked = replay(stream);
    marked.definition = { ...marked.definition!, title: 'from the snapshot' };
    await t.app
      .get(Database)
      .pool.query(`INSERT INTO es_snapshots (stream_id, rules_version, stream_version, recorded_at, state) VALUES ($1, $2, $3, $4, $5)`, [
        STREAM,
        rulesVersion,
        latest,
        stream.at(-1)!.recordedAt,
        encodeContractState(marked),
      ]);
    expect(await newRunner().withContractState(CONTRACT, (s) => s.definition!.title)).toBe('from the snapshot');

    await t.app
      .get(Database)
      .pool.query(`UPDATE es_snapshots SET state = '{"format":1,"state":' WHERE stream_id = $1 AND rules_version = $2`, [STREAM, rulesVersion]);
    const state = await newRunner().withContractState(CONTRACT, (s) => encodeContractState(s));
    expect(JSON.parse(state)).toEqual(JSON.parse(encodeContractState(replay(stream))));
    const asOf = instants[instants.length - 3];
    expect(JSON.parse(await t.app.get(ContractHistory).read(CONTRACT, asOf, (s) => encodeContractState(s)))).toEqual(
      JSON.parse(encodeContractState(foldedAt(asOf))),
    );
  });
});
