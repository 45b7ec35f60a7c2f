import type pg from 'pg';
import { LOG_START, type LogPosition, PostgresEventStore, positionOf } from '#event-store';
import { BATCH_SIZE, PAGE_SIZE, RAW_TABLE } from './baselines.js';
import type { BenchModule, BenchRow } from './bench-module.js';
import { newEvent, STREAM_TYPE, writerLoops } from './events.js';
import type { Workload } from './measure.js';

/** Loops appending `batch` events per appendToStream, each to the next stream of its own cursor at its tracked version. */
export function appendLoops(
  store: PostgresEventStore,
  loops: number,
  batch: number,
  prefix: string,
  width: number,
  maxVersion: number,
): Array<() => Promise<number>> {
  return writerLoops(loops, batch, { prefix, width, maxVersion }, (streamId, version, events) =>
    store.appendToStream({ streamId, streamType: STREAM_TYPE, expectedVersion: version, events: events.map(newEvent) }),
  );
}

/** One loop reading the whole log through readAll, a page at a time, starting over at the end. */
function readAllLoop(store: PostgresEventStore): () => Promise<number> {
  let after: LogPosition = LOG_START;
  return async () => {
    const events = await store.readAll({ after, limit: PAGE_SIZE });
    after = events.length === 0 ? LOG_START : positionOf(events[events.length - 1]);
    return events.length;
  };
}

async function vacuumAnalyze(pool: pg.Pool): Promise<void> {
  // Both tables were just written: set hint bits and statistics so neither read pays for that.
  await pool.query(`VACUUM (ANALYZE) ${RAW_TABLE}, es_events`);
}

/** The event store against raw PostgreSQL: appends of 1 event (1 and 8 connections), of 100 events, and reading the log. */
export const eventStoreBench: BenchModule = {
  name: 'event store',
  async run({ pool, baselines, log }): Promise<BenchRow[]> {
    const one = new PostgresEventStore(pool(1));
    const eight = new PostgresEventStore(pool(8));
    const rows: BenchRow[] = [];
    const compare = async (operation: string, target: number, key: Parameters<typeof baselines.pair>[0], subject: Workload): Promise<void> => {
      log(`measuring: ${operation}`);
      const { raw, subject: measured } = await baselines.pair(key, subject);
      rows.push({ operation, raw, subject: measured, target });
    };

    await compare('append 1 event, 1 connection', 0.8, 'insert-1conn', {
      label: 'appendToStream, 1 event, 1 connection',
      loops: appendLoops(one, 1, 1, 'store-1c', 10, 10),
    });
    await compare('append 1 event, 8 connections', 0.8, 'insert-8conn', {
      label: 'appendToStream, 1 event, 8 connections',
      loops: appendLoops(eight, 8, 1, 'store-8c', 10, 10),
    });
    await compare(`append ${BATCH_SIZE} events in one call, 1 connection`, 0.6, 'insert-batch100', {
      label: `appendToStream, ${BATCH_SIZE} events, 1 connection`,
      loops: appendLoops(one, 1, BATCH_SIZE, 'store-b', 4, 500),
    });
    await vacuumAnalyze(pool(1));
    await compare(`read the log, pages of ${PAGE_SIZE}`, 0.6, 'select-pages', {
      label: `readAll, pages of ${PAGE_SIZE}`,
      loops: [readAllLoop(one)],
    });
    return rows;
  },
};
