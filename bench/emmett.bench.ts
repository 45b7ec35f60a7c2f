import { getPostgreSQLEventStore, type PostgresEventStore as EmmettEventStore } from '@event-driven-io/emmett-postgresql';
import type pg from 'pg';
import { PostgresEventStore } from '#event-store';
import { BATCH_SIZE, insertRawRows, RAW_TABLE, selectStreamLoop } from './baselines.js';
import type { BenchContext, BenchModule, PeerRow } from './bench-module.js';
import { type BenchEvent, EVENT_TYPE, newEvent, payrollEvidence, STREAM_TYPE, writerLoops } from './events.js';
import { measureAlternating, Throughput, type Workload } from './measure.js';
import { appendLoops } from './event-store.bench.js';

/**
 * The closest public PostgreSQL event store for Node, Emmett (`@event-driven-io/emmett-postgresql`),
 * against ours and raw `pg` in the same run, on the same database (Emmett's own `emt_*` tables) and
 * the same events, in alternating rounds: appends of 1 event on 8 connections and of 100 events
 * on 1, and whole-stream reads at two stream lengths, so the lead is measured as streams grow.
 */

/** The stream lengths read whole; `BENCH_PEER_STREAMS=1000,10000` for a quicker check. */
const STREAM_LENGTHS = (process.env.BENCH_PEER_STREAMS ?? '1000,100000')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const FILL_CHUNK = 1000;

/** A bench event as Emmett takes it: its id as the message id Emmett stores, the rest as metadata. */
function emmettEvent(event: BenchEvent): { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> } {
  return { type: EVENT_TYPE, data: event.data, metadata: { messageId: event.eventId, ...event.metadata } };
}

/** Emmett's store on a pool of its own (the size like ours), as its docs set it up: connection string, the `pg` pool in `connectionOptions`. */
async function emmettStore({ db }: BenchContext, connections: number): Promise<EmmettEventStore> {
  const store = getPostgreSQLEventStore(db.url, { connectionOptions: { pool: db.pool(connections) } });
  await store.schema.migrate();
  return store;
}

/**
 * Emmett's appendToStream with the expected version tracked as ours is. Emmett takes its stream's
 * type from the name's part before the first `-`, hence the `participant-` prefix.
 */
function emmettAppendLoops(
  store: EmmettEventStore,
  loops: number,
  batch: number,
  name: string,
  width: number,
  maxVersion: number,
): Array<() => Promise<number>> {
  return writerLoops(loops, batch, { prefix: `${STREAM_TYPE}-${name}`, width, maxVersion }, (streamName, version, events) =>
    store.appendToStream(streamName, events.map(emmettEvent), { expectedStreamVersion: BigInt(version) }),
  );
}

/** One stream of `length` events in each store (the same events), written `FILL_CHUNK` at a time. */
async function fillStreams(
  length: number,
  ours: PostgresEventStore,
  emmett: EmmettEventStore,
  raw: pg.Pool,
): Promise<{ ours: string; emmett: string; raw: string }> {
  const names = { ours: `peer-read-${length}`, emmett: `${STREAM_TYPE}-peer-read-${length}`, raw: `raw-read-${length}` };
  for (let version = 0; version < length; version += FILL_CHUNK) {
    const events = Array.from({ length: Math.min(FILL_CHUNK, length - version) }, (_, i) => payrollEvidence(version + i));
    await ours.appendToStream({ streamId: names.ours, streamType: STREAM_TYPE, expectedVersion: version, events: events.map(newEvent) });
    await emmett.appendToStream(names.emmett, events.map(emmettEvent), { expectedStreamVersion: BigInt(version) });
    await insertRawRows(raw, names.raw, version, events);
  }
  return names;
}

export const emmettBench: BenchModule = {
  name: 'peer: Emmett',
  async run(context): Promise<PeerRow[]> {
    const { pool, baselines, settings, log } = context;
    const rows: PeerRow[] = [];
    const row = (operation: string, raw: Throughput, ours: Throughput, peer: Throughput): void => {
      rows.push({ kind: 'peer', operation, raw, ours, peer, targetLead: 1 });
    };

    const ours8 = new PostgresEventStore(pool(8));
    const ours1 = new PostgresEventStore(pool(1));
    const emmett8 = await emmettStore(context, 8);
    const emmett1 = await emmettStore(context, 1);

    const appends: Array<{ operation: string; key: 'insert-8conn' | 'insert-batch100'; ours: Workload; emmett: Workload }> = [
      {
        operation: 'append 1 event per call, 8 connections',
        key: 'insert-8conn',
        ours: { label: 'ours: appendToStream, 1 event, 8 connections', loops: appendLoops(ours8, 8, 1, 'peer-ours-8c', 10, 10) },
        emmett: { label: 'Emmett: appendToStream, 1 event, 8 connections', loops: emmettAppendLoops(emmett8, 8, 1, 'emmett-8c', 10, 10) },
      },
      {
        operation: `append ${BATCH_SIZE} events per call, 1 connection`,
        key: 'insert-batch100',
        ours: { label: `ours: appendToStream, ${BATCH_SIZE} events, 1 connection`, loops: appendLoops(ours1, 1, BATCH_SIZE, 'peer-ours-b', 4, 500) },
        emmett: { label: `Emmett: appendToStream, ${BATCH_SIZE} events, 1 connection`, loops: emmettAppendLoops(emmett1, 1, BATCH_SIZE, 'emmett-b', 4, 500) },
      },
    ];
    for (const append of appends) {
      log(`measuring: ${append.operation} (raw, ours, Emmett)`);
      const { raw, subjects } = await baselines.alongside(append.key, [append.ours, append.emmett]);
      row(append.operation, raw, subjects[0], subjects[1]);
    }

    for (const length of STREAM_LENGTHS) {
      log(`writing a stream of ${length.toLocaleString('en-US')} events to each store`);
      const names = await fillStreams(length, ours1, emmett1, pool(1));
      // Hint bits and statistics for all three tables, so that no read pays for the writes before it.
      await pool(1).query(`VACUUM (ANALYZE) ${RAW_TABLE}, es_events, emt_messages`);
      const operation = `read a stream of ${length.toLocaleString('en-US')} events whole, 1 connection`;
      log(`measuring: ${operation} (raw, ours, Emmett)`);
      const workloads: Workload[] = [
        { label: 'raw SELECT of the stream by (stream_id, stream_version)', loops: [selectStreamLoop(pool(1), names.raw)] },
        { label: 'ours: readStream', loops: [async () => (await ours1.readStream(names.ours)).length] },
        { label: 'Emmett: readStream', loops: [async () => (await emmett1.readStream(names.emmett)).events.length] },
      ];
      const sides = workloads.map((workload) => ({ workload, into: new Throughput(workload.label) }));
      await measureAlternating(sides, settings);
      row(operation, sides[0].into, sides[1].into, sides[2].into);
    }
    return rows;
  },
};
