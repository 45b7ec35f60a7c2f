import type pg from 'pg';
import { type BenchEvent, EVENT_TYPE, writerLoops } from './events.js';
import { type MeasureSettings, measureAlone, measureAlternating, Throughput, type Workload } from './measure.js';

/** The raw PostgreSQL operations every benchmark compares itself with. */
export type BaselineKey = 'insert-1conn' | 'insert-8conn' | 'insert-batch100' | 'select-pages';

export const RAW_TABLE = 'bench_raw_events';

const COLUMNS = 'event_id, stream_id, stream_version, event_type, schema_version, data, metadata';
const PER_ROW = 7;
export const PAGE_SIZE = 1000;
export const BATCH_SIZE = 100;

/**
 * A plain table shaped like es_events: same columns, defaults, identity, checks and indexes
 * (LIKE ... INCLUDING ALL), but no foreign key to es_streams, no triggers and no es_append function.
 */
export async function createRawTable(pool: pg.Pool): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS ${RAW_TABLE} (LIKE es_events INCLUDING ALL)`);
}

function values(rows: number): string {
  const tuples: string[] = [];
  for (let row = 0; row < rows; row++) {
    const p = Array.from({ length: PER_ROW }, (_, i) => `$${row * PER_ROW + i + 1}`);
    tuples.push(`(${p.join(', ')})`);
  }
  return tuples.join(', ');
}

function rowParams(streamId: string, version: number, events: BenchEvent[]): unknown[] {
  return events.flatMap((event, i) => [event.eventId, streamId, version + i + 1, EVENT_TYPE, 1, event.data, event.metadata]);
}

/** Inserts `events` as the next rows of a stream after `version`, in one statement. */
export async function insertRawRows(pool: pg.Pool, streamId: string, version: number, events: BenchEvent[]): Promise<void> {
  await pool.query(`INSERT INTO ${RAW_TABLE} (${COLUMNS}) VALUES ${values(events.length)}`, rowParams(streamId, version, events));
}

/** Loops that INSERT `batch` rows per statement, each into the next stream of its own cursor. */
function insertLoops(pool: pg.Pool, loops: number, batch: number, prefix: string, width: number, maxVersion: number): Array<() => Promise<number>> {
  const sql = `INSERT INTO ${RAW_TABLE} (${COLUMNS}) VALUES ${values(batch)}`;
  return writerLoops(loops, batch, { prefix, width, maxVersion }, (streamId, version, events) => pool.query(sql, rowParams(streamId, version, events)));
}

const SELECTED = `global_position, transaction_id::text AS transaction_id, event_id, stream_id, stream_version,
      event_type, schema_version, data, metadata, recorded_at`;

/** One loop reading the table in primary-key order, a page at a time, starting over at the end. */
function selectPagesLoop(pool: pg.Pool): () => Promise<number> {
  const sql = `SELECT ${SELECTED} FROM ${RAW_TABLE} WHERE global_position > $1 ORDER BY global_position LIMIT ${PAGE_SIZE}`;
  let after = '0';
  return async () => {
    const { rows } = await pool.query<{ global_position: string }>(sql, [after]);
    after = rows.length === 0 ? '0' : rows[rows.length - 1].global_position;
    return rows.length;
  };
}

/** One loop reading one whole stream of the table in version order, again and again. */
export function selectStreamLoop(pool: pg.Pool, streamId: string): () => Promise<number> {
  const sql = `SELECT ${SELECTED} FROM ${RAW_TABLE} WHERE stream_id = $1 ORDER BY stream_version`;
  return async () => (await pool.query(sql, [streamId])).rows.length;
}

/**
 * The raw figures of one run. Each baseline is measured on the run's database and accumulates
 * every round measured of it; modules either pair their own workload with a baseline (alternating
 * rounds, the steadiest ratio) or take the baseline as already measured.
 */
export class Baselines {
  private readonly workloads = new Map<BaselineKey, Workload>();
  private readonly figures = new Map<BaselineKey, Throughput>();

  constructor(
    private readonly pool: (max: number) => pg.Pool,
    private readonly settings: MeasureSettings,
  ) {}

  /** The raw workload behind a baseline (its loops keep their streams and cursors for the whole run). */
  workload(key: BaselineKey): Workload {
    let workload = this.workloads.get(key);
    if (!workload) {
      workload = this.build(key);
      this.workloads.set(key, workload);
    }
    return workload;
  }

  /** Every round of the baseline measured so far in this run; measures it on its own when none was. */
  async get(key: BaselineKey): Promise<Throughput> {
    const figure = this.figure(key);
    if (figure.samples.length === 0) await measureAlone(this.workload(key), figure, this.settings);
    return figure;
  }

  /**
   * Measures `subject` in rounds alternating with the baseline. Returns both figures of this
   * pairing; the raw rounds also count towards the run's baseline.
   */
  async pair(key: BaselineKey, subject: Workload): Promise<{ raw: Throughput; subject: Throughput }> {
    const { raw, subjects } = await this.alongside(key, [subject]);
    return { raw, subject: subjects[0] };
  }

  /** Like `pair`, with several subjects: rounds of the baseline and then each subject in turn, that order and its reverse alternating (measureAlternating). */
  async alongside(key: BaselineKey, subjects: Workload[]): Promise<{ raw: Throughput; subjects: Throughput[] }> {
    const raw = new Throughput(this.workload(key).label);
    const measured = subjects.map((subject) => new Throughput(subject.label));
    await measureAlternating([{ workload: this.workload(key), into: raw }, ...subjects.map((workload, i) => ({ workload, into: measured[i] }))], this.settings);
    for (const sample of raw.samples) this.figure(key).add(sample);
    return { raw, subjects: measured };
  }

  private figure(key: BaselineKey): Throughput {
    let figure = this.figures.get(key);
    if (!figure) {
      figure = new Throughput(this.workload(key).label);
      this.figures.set(key, figure);
    }
    return figure;
  }

  private build(key: BaselineKey): Workload {
    switch (key) {
      case 'insert-1conn':
        return { label: 'raw INSERT, 1 row, 1 connection', loops: insertLoops(this.pool(1), 1, 1, 'raw-1c', 10, 10) };
      case 'insert-8conn':
        return { label: 'raw INSERT, 1 row, 8 connections', loops: insertLoops(this.pool(8), 8, 1, 'raw-8c', 10, 10) };
      case 'insert-batch100':
        return { label: `raw INSERT, ${BATCH_SIZE} rows, 1 connection`, loops: insertLoops(this.pool(1), 1, BATCH_SIZE, 'raw-b', 4, 500) };
      case 'select-pages':
        return { label: `raw SELECT by primary key, pages of ${PAGE_SIZE}`, loops: [selectPagesLoop(this.pool(1))] };
    }
  }
}
