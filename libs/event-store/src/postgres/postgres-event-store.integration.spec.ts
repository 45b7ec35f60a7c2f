import pg from 'pg';
import type { Queryable } from '#database';
import { runMigrations } from '#database';
import { appendWithin } from '#test-support/event-store.appends.js';
import { createEventStoreFixture, type EventStoreFixture, newEvent } from '#test-support/event-store.fixture.js';
import { eventIdFor } from '../command-id.js';
import { CommandIdReusedError } from '../event-store.errors.js';
import { UpcasterRegistry } from '../upcaster.registry.js';
import { eventStoreMigrations } from './migrations/event-store.migrations.js';
import { readParticipantEvents } from './operations/participant-events.js';
import { readStreamLevelEvents } from './operations/stream-level-events.js';
import { readStreamVersion } from './operations/stream-version.js';
import { PostgresEventStore } from './postgres-event-store.js';

/** A node of EXPLAIN (ANALYZE, FORMAT JSON)'s plan, with what is read here. */
interface ExplainedNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: ExplainedNode[];
}

/** The plan's nodes that read a table (including the CTE's scan of es_events). */
function scanNodes(node: ExplainedNode): ExplainedNode[] {
  return [...(node['Relation Name'] === undefined ? [] : [node]), ...(node.Plans ?? []).flatMap((child) => scanNodes(child))];
}

/** A Queryable that runs each query and keeps its EXPLAIN (ANALYZE) plan in `plans`. */
function explainingInto(pool: pg.Pool, plans: ExplainedNode[]): Queryable {
  return {
    query: (async (text: string, values: unknown[]) => {
      const { rows } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: ExplainedNode }> }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
      plans.push(rows[0]['QUERY PLAN'][0].Plan);
      return pool.query(text, values);
    }) as Queryable['query'],
  };
}

/** What only the PostgreSQL adapter promises, or can be shown only on it (the port's contract: event-store.contract.integration.spec.ts). */
describe('PostgresEventStore', () => {
  let fx: EventStoreFixture;
  beforeEach(async () => {
    fx = await createEventStoreFixture(12);
  });
  afterEach(() => fx.close());

  it('does not hand out events of a transaction still in progress, nor later ones', async () => {
    await fx.store.appendToStream({ streamId: 'early', streamType: 't', expectedVersion: 'any', events: [newEvent('Early')] });
    const slow = await fx.pool.connect();
    await slow.query('BEGIN');
    await appendWithin(fx.store, slow, { streamId: 'slow', streamType: 't', expectedVersion: 'any', events: [newEvent('Slow')] });
    await fx.store.appendToStream({ streamId: 'fast', streamType: 't', expectedVersion: 'any', events: [newEvent('Fast')] });
    expect((await fx.store.readAll()).map((e) => e.type)).toEqual(['Early']);
    await slow.query('COMMIT');
    slow.release();
    expect((await fx.store.readAll()).map((e) => e.type)).toEqual(['Early', 'Slow', 'Fast']);
  });

  it('refuses to change or remove stored events', async () => {
    await fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 'any', events: [newEvent('A', { amount: 1 })] });
    await expect(fx.pool.query(`UPDATE es_events SET data = '{"amount": 2}'`)).rejects.toThrow(/append-only/);
    await expect(fx.pool.query('DELETE FROM es_events')).rejects.toThrow(/append-only/);
    await expect(fx.pool.query('TRUNCATE es_events CASCADE')).rejects.toThrow(/append-only/);
    expect((await fx.store.readStream('s'))[0].data).toEqual({ amount: 1 });
  });

  it('reads recordedAt as the ISO text of the stored instant to the microsecond, trailing zeros kept', async () => {
    const instants = [
      '2026-12-07T23:18:28.123456Z',
      '2026-12-07T23:18:28.100000Z',
      '2026-12-07T23:18:28.000000Z',
      '2026-12-07T23:18:28.000001Z',
      '2026-12-31T23:59:59.999999Z',
      '1999-12-31T23:59:59.999999Z',
      '1969-07-20T20:17:40.000500Z',
    ];
    const events = instants.map((recordedAt) => ({ ...newEvent('At'), recordedAt }));
    await fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 'any', events });
    const { rows } = await fx.pool.query<{ text: string }>(
      `SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS text FROM es_events ORDER BY stream_version`,
    );
    expect(rows.map((row) => row.text)).toEqual(instants);
    expect((await fx.store.readStream('s')).map((event) => event.recordedAt)).toEqual(instants);
    expect((await fx.store.readAll()).map((event) => event.recordedAt)).toEqual(instants);
  });

  it('upcasts events stored under an older schema version when reading', async () => {
    await fx.store.appendToStream({
      streamId: 's',
      streamType: 't',
      expectedVersion: 'any',
      events: [{ ...newEvent('PlacementStarted', { hours: 20 }), schemaVersion: 1 }],
    });
    const upcasters = new UpcasterRegistry()
      .register('PlacementStarted', 1, (d) => ({ hoursPerWeek: (d as { hours: number }).hours }))
      .register('PlacementStarted', 2, (d) => ({ ...(d as object), kind: 'ordinary' }));
    const reader = new PostgresEventStore(fx.pool, upcasters);
    const [event] = await reader.readStream('s');
    expect(event.schemaVersion).toBe(3);
    expect(event.data).toEqual({ hoursPerWeek: 20, kind: 'ordinary' });
  });

  it('finds what each command id recorded by reading around its events, not the stream after them', async () => {
    const commandEvents = (commandId: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({ ...newEvent(`${commandId}${i}`), eventId: eventIdFor(commandId, i) }));
    const append = (streamId: string, events: ReturnType<typeof newEvent>[]) =>
      fx.store.appendToStream({ streamId, streamType: 't', expectedVersion: 'any', events });
    // A command of 40 events (more than one read's window), one of 2 right after it, 1,000 other events, one more.
    await append('s', commandEvents('long', 40));
    await append('s', commandEvents('short', 2));
    await append(
      's',
      Array.from({ length: 1000 }, () => newEvent('Other')),
    );
    await append('s', commandEvents('late', 1));
    await append('elsewhere', commandEvents('foreign', 1));
    let rowsRead = 0;
    const counting: Queryable = {
      query: (async (...args: Parameters<pg.Pool['query']>) => {
        const result = await (fx.pool.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
        rowsRead += result.rowCount ?? 0;
        return result;
      }) as Queryable['query'],
    };
    const found = await fx.store.findCommandEvents(counting, 's', ['long', 'short', 'late', 'foreign', 'never']);
    const types = (commandId: string) => (found.get(commandId) as Array<{ type: string }>).map((event) => event.type);
    expect(types('long')).toEqual(Array.from({ length: 40 }, (_, i) => `long${i}`));
    expect(types('short')).toEqual(['short0', 'short1']);
    expect(types('late')).toEqual(['late0']);
    expect(found.get('foreign')).toBeInstanceOf(CommandIdReusedError);
    expect(found.has('never')).toBe(false);
    // What a retry reads grows with what the commands recorded, not with the 1,000 events after them.
    expect(rowsRead).toBeLessThan(150);
  });

  it("reads a participant's events by index: the rows it reads grow with that participant's events, not with the stream", async () => {
    const append = (events: ReturnType<typeof newEvent>[]) => fx.store.appendToStream({ streamId: 'c', streamType: 't', expectedVersion: 'any', events });
    // 300 participants, each with 8 facts, an outcome and its payment; p-150's in the middle of the stream.
    const history = (participant: string) => [
      ...Array.from({ length: 8 }, (_, week) => newEvent('Week', { participantId: participant, week })),
      newEvent('Verified', { participantId: participant, paymentId: `c:${participant}:A` }),
      newEvent('Confirmed', { paymentId: `c:${participant}:A` }),
    ];
    for (let first = 0; first < 300; first += 50) await append(Array.from({ length: 50 }, (_, i) => history(`p-${first + i}`)).flat());
    await fx.pool.query('ANALYZE es_events');

    const plans: ExplainedNode[] = [];
    const explaining = explainingInto(fx.pool, plans);
    const events = await readParticipantEvents(explaining, new UpcasterRegistry(), 'c', 'p-150', { paymentEventTypes: ['Confirmed'] });
    expect(events.map((e) => e.type)).toEqual([...Array<string>(8).fill('Week'), 'Verified', 'Confirmed']);
    expect(events.every((e, i) => i === 0 || e.streamVersion > events[i - 1].streamVersion)).toBe(true);

    const scans = plans.flatMap((plan) => scanNodes(plan));
    expect(scans.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    // Rows the scans touched (returned or filtered out): the participant's 10 and its payment's, of 3,000.
    const rowsRead = scans.reduce(
      (sum, n) => sum + n['Actual Rows'] * n['Actual Loops'] + (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0),
      0,
    );
    expect(rowsRead).toBeLessThan(40);
  });

  it("reads a stream's events about no participant or payment by index: the rows it reads are those events, not the stream", async () => {
    const append = (events: ReturnType<typeof newEvent>[]) => fx.store.appendToStream({ streamId: 'c', streamType: 't', expectedVersion: 'any', events });
    // A registration, then 300 participants' facts, outcomes and payments, with an amendment and a
    // settlement's agreement (which names its own payment) among them, and a termination.
    await append([newEvent('Registered', { contractId: 'c' })]);
    for (let first = 0; first < 300; first += 50) {
      await append(
        Array.from({ length: 50 }, (_, i) => [
          ...Array.from({ length: 8 }, (_, week) => newEvent('Week', { participantId: `p-${first + i}`, week })),
          newEvent('Verified', { participantId: `p-${first + i}`, paymentId: `c:p-${first + i}:A` }),
          newEvent('Confirmed', { paymentId: `c:p-${first + i}:A` }),
        ]).flat(),
      );
      if (first === 100) await append([newEvent('Amended', { termsVersion: 2 }), newEvent('Agreed', { paymentId: 'c:settlement:1' })]);
    }
    await append([newEvent('Terminated', { effectiveOn: '2019-12-31' })]);
    await fx.store.appendToStream({ streamId: 'other', streamType: 't', expectedVersion: 'any', events: [newEvent('Registered', {})] });
    await fx.pool.query('ANALYZE es_events');

    const stream = await fx.store.readStream('c');
    const amended = stream.find((e) => e.type === 'Amended')!.streamVersion;
    const plans: ExplainedNode[] = [];
    const explaining = explainingInto(fx.pool, plans);
    const read = async (toVersion?: number) => (await readStreamLevelEvents(explaining, new UpcasterRegistry(), 'c', { toVersion })).map((e) => e.type);
    expect(await read()).toEqual(['Registered', 'Amended', 'Terminated']);
    expect(await read(amended)).toEqual(['Registered', 'Amended']);
    expect(await read(amended - 1)).toEqual(['Registered']);

    const scans = plans.flatMap((plan) => scanNodes(plan));
    expect(scans.map((node) => node['Index Name'])).toEqual(Array(3).fill('es_events_stream_level'));
    // Rows the scans touched (returned or filtered out): the 3 + 2 + 1 returned, of 3,000 and more.
    const rowsRead = scans.reduce(
      (sum, n) => sum + n['Actual Rows'] * n['Actual Loops'] + (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0),
      0,
    );
    expect(rowsRead).toBe(6);
  });

  it('finds the version as recorded at an instant by a binary search over versions, not by reading the stream up to it', async () => {
    for (let batch = 0; batch < 40; batch += 1) {
      await fx.store.appendToStream({ streamId: 'c', streamType: 't', expectedVersion: 'any', events: Array.from({ length: 50 }, () => newEvent('Fact')) });
    }
    await fx.store.appendToStream({ streamId: 'other', streamType: 't', expectedVersion: 'any', events: [newEvent('Fact')] });
    await fx.pool.query('ANALYZE es_events');
    const stream = await fx.store.readStream('c');
    const last = stream[stream.length - 1].recordedAt;
    // What the log says: the last event recorded at or before the instant (the store's fixed form orders as its text does).
    const byScan = (instant: string) => stream.filter((event) => event.recordedAt <= instant).length;
    const cases: Array<[string, number]> = [
      ['2000-01-01T00:00:00.000000Z', 0],
      ['2999-01-01T00:00:00.000000Z', 2000],
      ...[0, 1, 49, 50, 51, 999, 1000, 1001, 1998, 1999].map((i): [string, number] => [stream[i].recordedAt, byScan(stream[i].recordedAt)]),
    ];
    // Instants enough apart that the search has something to find (clock_timestamp() per row).
    expect(new Set(stream.map((event) => event.recordedAt)).size).toBeGreaterThan(1000);
    for (const [instant, version] of cases) {
      expect(await fx.store.streamVersion('c', { recordedAtOrBefore: instant })).toBe(version);
      expect((await fx.store.readStream('c', { recordedAtOrBefore: instant })).length).toBe(version);
    }
    expect(await fx.store.streamVersion('none', { recordedAtOrBefore: last })).toBe(0);

    const plans: ExplainedNode[] = [];
    const explaining = explainingInto(fx.pool, plans);
    expect(await readStreamVersion(explaining, 'c', { recordedAtOrBefore: stream[1000].recordedAt })).toBe(byScan(stream[1000].recordedAt));
    const scans = plans.flatMap((plan) => scanNodes(plan));
    expect(scans.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    // About log2(2,000) = 11 lookups of one row each, where a scan read the 1,000 events before the instant.
    const rowsRead = scans.reduce((sum, n) => sum + n['Actual Rows'] * n['Actual Loops'] + (n['Rows Removed by Filter'] ?? 0), 0);
    expect(rowsRead).toBeLessThan(40);
  });

  it('runs migrations twice, and from two processes at once, without harm', async () => {
    expect(await runMigrations(fx.pool, eventStoreMigrations)).toEqual([]);
    const other = new pg.Pool({ connectionString: fx.db.url.replace(/\/[^/]+$/, '/postgres') });
    const scratch = `m_${Date.now()}`;
    await other.query(`CREATE DATABASE ${scratch}`);
    const url = fx.db.url.replace(/\/[^/]+$/, `/${scratch}`);
    const p1 = new pg.Pool({ connectionString: url });
    const p2 = new pg.Pool({ connectionString: url });
    for (const pool of [p1, p2]) pool.on('error', () => undefined);
    const [a, b] = await Promise.all([runMigrations(p1, eventStoreMigrations), runMigrations(p2, eventStoreMigrations)]);
    expect([...a, ...b]).toEqual(eventStoreMigrations.map((m) => m.id));
    expect((await p1.query('SELECT count(*)::int AS n FROM schema_migrations')).rows[0].n).toBe(eventStoreMigrations.length);
    await p1.end();
    await p2.end();
    await other.query(`DROP DATABASE ${scratch} WITH (FORCE)`);
    await other.end();
  });
});
