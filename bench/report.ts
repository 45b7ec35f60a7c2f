import { cpus, totalmem } from 'node:os';
import type pg from 'pg';
import { type BenchResult, type BenchRow, isPeer, isTiming, type PeerRow, type TimingRow } from './bench-module.js';
import { type CpuUse, describeCpu } from './cpu.js';
import type { Throughput } from './measure.js';

export interface Machine {
  cpu: string;
  cpuCount: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  /** Server settings that move write figures most. */
  postgresSettings: string;
  database: string;
}

export async function describeMachine(pool: pg.Pool, database: string): Promise<Machine> {
  const { rows } = await pool.query<{ version: string }>('SELECT version()');
  const settings = await pool.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings
      WHERE name IN ('shared_buffers', 'synchronous_commit', 'fsync', 'wal_level', 'max_wal_size', 'jit') ORDER BY name`,
  );
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cpuCount: list.length,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    postgres: rows[0].version,
    postgresSettings: settings.rows.map((r) => `${r.name}=${r.setting}${r.unit ?? ''}`).join(', '),
    database,
  };
}

const rate = (value: number): string => Math.round(value).toLocaleString('en-US');
const ratioText = (value: number): string => value.toFixed(2);

/** A duration in ms, with the unit that reads best. */
export function duration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

/** The p-th percentile (0..100) of ascending `sorted` (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function renderTimings(rows: TimingRow[]): string[] {
  if (rows.length === 0) return [];
  const lines = [
    '',
    'Timings (mean after warm-up, or the percentile the target names; in-process, with a database only where the row says so):',
    '',
    '| operation | per call | per unit | target |',
    '|---|---:|---:|---|',
  ];
  for (const row of rows) {
    const mean = row.samplesMs.reduce((sum, ms) => sum + ms, 0) / Math.max(1, row.samplesMs.length);
    const perUnit = row.per ? mean / row.per.count : mean;
    const held =
      row.targetPercentile === undefined
        ? perUnit
        : percentile(
            [...row.samplesMs].sort((a, b) => a - b),
            row.targetPercentile,
          ) / (row.per?.count ?? 1);
    const target =
      row.targetMsPerUnit === undefined
        ? ''
        : `${row.targetPercentile === undefined ? '' : `p${row.targetPercentile} `}< ${duration(row.targetMsPerUnit)}${row.per ? ` per ${row.per.unit}` : ''}: ${held < row.targetMsPerUnit ? 'meets' : 'above'}`;
    lines.push(`| ${row.operation} | ${duration(mean)} | ${row.per ? `${duration(perUnit)} per ${row.per.unit}` : ''} | ${target} |`);
  }
  return lines;
}

const latency = (t: Throughput): string => `${t.latencyMs(50).toFixed(2)} / ${t.latencyMs(99).toFixed(2)} ms`;

/** CPU time per event, in µs: the bench's Node process, and PostgreSQL's when its server is on this machine. */
function cpuPerEvent(use: CpuUse, eventsPerSecond: number): string {
  const us = (cores: number): string => `${((cores / eventsPerSecond) * 1e6).toFixed(1)} µs`;
  return use.postgresCores === undefined ? `Node ${us(use.nodeCores)}` : `Node ${us(use.nodeCores)} + PostgreSQL ${us(use.postgresCores)}`;
}

function renderPeers(rows: PeerRow[]): string[] {
  if (rows.length === 0) return [];
  const lines = [
    '',
    'The peer: our event store against Emmett (`@event-driven-io/emmett-postgresql`) and raw `pg`, same database, same events, alternating rounds (events/s):',
    '',
    '| operation | ours | Emmett | raw | ours/Emmett | Emmett/raw | ours/raw | target |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const [ours, peer, raw] = [row.ours.eventsPerSecond, row.peer.eventsPerSecond, row.raw.eventsPerSecond];
    const lead = ours / peer;
    const target = row.targetLead === undefined ? '' : `ours/Emmett ≥ ${row.targetLead.toFixed(1)}: ${lead >= row.targetLead ? 'meets' : 'below'}`;
    lines.push(
      `| ${row.operation} | ${rate(ours)} | ${rate(peer)} | ${rate(raw)} | ${ratioText(lead)} | ${ratioText(peer / raw)} | ${ratioText(ours / raw)} | ${target} |`,
    );
  }
  return lines;
}

export function renderReport(results: BenchResult[], machine: Machine, meta: { startedAt: Date; seconds: number; settings: string }): string {
  const rows = results.filter((row): row is BenchRow => !isTiming(row) && !isPeer(row));
  const timings = results.filter(isTiming);
  const peers = results.filter(isPeer);
  const lines = [`# Benchmark (\`npm run bench\`)`, '', `Run ${meta.startedAt.toISOString()}, ${meta.seconds.toFixed(0)} s in all; ${meta.settings}.`];
  if (rows.length > 0) lines.push('', '| operation | raw events/s | measured per s | ratio (measured/raw) | target |', '|---|---:|---:|---:|---|');
  for (const row of rows) {
    const raw = row.raw?.eventsPerSecond;
    const subject = row.subject.eventsPerSecond;
    const ratio = raw ? subject / raw : undefined;
    const target = row.target === undefined || ratio === undefined ? '' : `≥ ${row.target.toFixed(1)}: ${ratio >= row.target ? 'meets' : 'below'}`;
    lines.push(`| ${row.operation} | ${raw === undefined ? '' : rate(raw)} | ${rate(subject)} | ${ratio === undefined ? '' : ratioText(ratio)} | ${target} |`);
  }
  lines.push(...renderTimings(timings), ...renderPeers(peers));
  lines.push(
    '',
    `Machine: ${machine.cpu}, ${machine.cpuCount} CPUs, ${machine.memoryGiB.toFixed(1)} GiB memory, Node ${machine.node}, ${machine.postgres}.`,
    '',
    `PostgreSQL settings: ${machine.postgresSettings} (${machine.database}).`,
    '',
    "Per row: the ratio of each pair of rounds (raw and measured rounds alternate) or, without a raw figure, each round's rate; " +
      "operation latency p50 / p99; where the CPU went while measuring (Node: the bench's process, i.e. the service and, for the raw " +
      "and event-store rows, their pg clients; the HTTP rows' clients run in their own process, reported on their own):",
    '',
  );
  for (const row of rows) {
    const rounds = row.raw
      ? `ratios ${row.subject.roundRates.map((s, i) => ratioText(s / (row.raw?.roundRates[i] ?? Number.NaN))).join(', ')}`
      : `rates ${row.subject.roundRates.map(rate).join(', ')}`;
    const parts = [rounds];
    if (row.raw) parts.push(`raw ${latency(row.raw)}`);
    parts.push(`measured ${latency(row.subject)}`);
    const cpu = row.subject.cpu;
    if (cpu) parts.push(`CPU measured: ${describeCpu(cpu, row.subject.eventsPerSecond)}`);
    const rawCpu = row.raw?.cpu;
    if (rawCpu) parts.push(`CPU raw: ${describeCpu(rawCpu, row.raw?.eventsPerSecond)}`);
    for (const note of row.notes ?? []) parts.push(note);
    lines.push(`- ${row.operation}: ${parts.join('; ')}`);
  }
  for (const row of peers) {
    const leads = row.ours.roundRates.map((s, i) => ratioText(s / (row.peer.roundRates[i] ?? Number.NaN)));
    const parts = [`ours/Emmett per round ${leads.join(', ')}`, `p50 / p99 ours ${latency(row.ours)}, Emmett ${latency(row.peer)}, raw ${latency(row.raw)}`];
    const sides = [
      ['ours', row.ours],
      ['Emmett', row.peer],
      ['raw', row.raw],
    ] as const;
    const cpu = sides.flatMap(([name, side]) => (side.cpu ? [`${name} ${cpuPerEvent(side.cpu, side.eventsPerSecond)}`] : []));
    if (cpu.length === sides.length) parts.push(`CPU per event: ${cpu.join(', ')}`);
    lines.push(`- ${row.operation}: ${parts.join('; ')}`);
  }
  for (const row of timings) {
    const sorted = [...row.samplesMs].sort((a, b) => a - b);
    const parts = [`${sorted.length} calls, p50 ${duration(percentile(sorted, 50))}, p99 ${duration(percentile(sorted, 99))}`];
    for (const note of row.notes ?? []) parts.push(note);
    lines.push(`- ${row.operation}: ${parts.join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}
