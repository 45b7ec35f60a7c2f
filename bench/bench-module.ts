import type pg from 'pg';
import type { Baselines } from './baselines.js';
import type { BenchDatabase } from './database.js';
import type { MeasureSettings, Throughput } from './measure.js';

/** What every benchmark module gets: the run's one database, its pools and the raw baselines. */
export interface BenchContext {
  db: BenchDatabase;
  /** A pool of `max` connections shared by everything in the run that asks for that size. */
  pool(max: number): pg.Pool;
  /** Raw PostgreSQL figures measured in this run on this database, the yardstick for every ratio. */
  baselines: Baselines;
  settings: MeasureSettings;
  log(message: string): void;
}

/** One line of the results table: a throughput, compared with a raw PostgreSQL figure. */
export interface BenchRow {
  kind?: 'throughput';
  operation: string;
  /** The raw PostgreSQL figure this row is compared with (absent: no comparison). */
  raw?: Throughput;
  /** What the row measures (the event store, the HTTP API, bulk import, ...); its unit is in `operation`. */
  subject: Throughput;
  /** Smallest acceptable subject/raw ratio. */
  target?: number;
  /** Extra facts for the details under the table, e.g. latency percentiles. */
  notes?: string[];
}

/** One line of the timings table: how long one call takes (in-process work, no database). */
export interface TimingRow {
  kind: 'timing';
  operation: string;
  /** Duration of every timed call, in milliseconds (after warm-up). */
  samplesMs: number[];
  /** What one call covers, for a per-unit figure: e.g. { count: 1000, unit: 'fact' }. */
  per?: { count: number; unit: string };
  /** Largest acceptable mean time per unit (per call without `per`), in milliseconds. */
  targetMsPerUnit?: number;
  /** Hold the target at this percentile of the calls (e.g. 99) instead of the mean. */
  targetPercentile?: number;
  notes?: string[];
}

/** One line of the peer table: our store, a peer event store and raw PostgreSQL on the same work, measured in alternating rounds. */
export interface PeerRow {
  kind: 'peer';
  operation: string;
  raw: Throughput;
  ours: Throughput;
  peer: Throughput;
  /** Smallest acceptable ours/peer ratio. */
  targetLead?: number;
}

export type BenchResult = BenchRow | TimingRow | PeerRow;

export function isTiming(row: BenchResult): row is TimingRow {
  return row.kind === 'timing';
}

export function isPeer(row: BenchResult): row is PeerRow {
  return row.kind === 'peer';
}

/** A benchmark: measures something against the baselines and returns its rows. */
export interface BenchModule {
  name: string;
  run(context: BenchContext): Promise<BenchResult[]>;
}
