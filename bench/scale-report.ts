import type { Machine } from './report.js';
import { duration, percentile } from './report.js';
import { mib } from './process-memory.js';
import type { ImportProfile } from './import-profile.js';
import type { ExportTiming, VerifierTiming } from './scale-exports.js';
import type { ReadTiming } from './scale-reads.js';

/** Everything measured once the contract reached one size. */
export interface SizeResult {
  /** The size asked for (facts). */
  target: number;
  /** Facts imported so far (import lines accepted: referrals, enrolments, the histories' facts). */
  facts: number;
  /** The contract's events (its stream's version: the facts and the outcomes they verified or reversed). */
  events: number;
  participants: number;
  /** Facts imported in this step and the time their import requests took. */
  stepFacts: number;
  stepImportMs: number;
  /** Facts/s over the step's last tenth of files: whether the rate falls within the step. */
  lastTenthRate: number;
  /** Where the step's time went, per fact. */
  importProfile: ImportProfile;
  /** All import requests' time so far. */
  importMsSoFar: number;
  outcomesVerified: number;
  reads: ReadTiming[];
  evidence: ExportTiming;
  audit: ExportTiming;
  verifier: VerifierTiming;
  /** The sequencer's lag sampled during this step's import, and how long after it the log was all leaves. */
  lagSamplesMs: number[];
  drainMs: number;
  /** The API's RSS after the step's import, and both processes' after the reads and the exports. */
  rss: { apiAfterImport: number; api: number; worker: number };
  restart: { healthyMs: number; firstCommandMs: number };
}

export const READ_TARGET_P99_MS = 50;
export const IMPORT_RATE_RATIO = 0.8;
export const NATIONAL_YEAR = { facts: 5_000_000, minutes: 15 };
const MILLION = 1_000_000;
const BASE = 10_000;

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);
const p = (values: number[], at: number): number => percentile(sorted(values), at);
const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`);
const size = (bytes: number): string => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);
const rate = (facts: number, milliseconds: number): number => facts / (milliseconds / 1000);

/** The read columns in table order, with what each row says. */
const READ_ROWS: Array<[string, string]> = [
  ['contract', '`GET /contracts/{id}`'],
  ['contract asOf', '`GET /contracts/{id}?asOf=` (half the facts back)'],
  ['timeline', '`GET …/participants/{p}/timeline` (a random participant)'],
  ['provenance', '`GET …/occurrences/{paymentId}` (one of the first page)'],
  ['timeline asOf', '`GET …/participants/{p}/timeline?asOf=` (half the facts back; one of the first page then)'],
  ['provenance asOf', '`GET …/occurrences/{paymentId}?asOf=` (half the facts back, or its verification if later; one of the first page)'],
  ['occurrences', '`GET …/occurrences?limit=100` (first page)'],
  ['participants', '`GET …/participants?limit=100` (first page)'],
  ['retried command', 'a retried command (same `Idempotency-Key`, recorded before the import)'],
  ['settlement first', '`GET …/settlement`, the first read after the termination (one call; terminated after the last size)'],
  ['settlement', '`GET …/settlement` again (kept for its log position)'],
  ['what-if', '`GET …/settlement/what-if?terminatedOn=` (each after a new fact)'],
  ['what-if kept', '`GET …/settlement/what-if?terminatedOn=` again at one log position (kept)'],
  ['figures', '`GET …/figures` (each after a new fact)'],
];

/** A target's verdict from what was measured (or why it was not). */
export interface Verdict {
  target: string;
  verdict: 'met' | 'missed' | 'not measured';
  measured: string;
}

function readAt(result: SizeResult, name: string): ReadTiming | undefined {
  return result.reads.find((read) => read.name === name);
}

export function verdicts(results: SizeResult[]): Verdict[] {
  const at = (facts: number) => results.find((r) => r.target === facts);
  const base = at(BASE);
  const million = at(MILLION);
  const national = at(NATIONAL_YEAR.facts);
  const list: Verdict[] = [];

  const importTarget = `import rate at 1,000,000 facts ≥ ${IMPORT_RATE_RATIO} × the rate at 10,000`;
  if (base && million) {
    const ratio = rate(million.stepFacts, million.stepImportMs) / rate(base.stepFacts, base.stepImportMs);
    list.push({ target: importTarget, verdict: ratio >= IMPORT_RATE_RATIO ? 'met' : 'missed', measured: `${ratio.toFixed(2)} ×` });
  } else list.push({ target: importTarget, verdict: 'not measured', measured: 'needs both sizes' });

  const readTarget = `every read's p99 at 1,000,000 facts < ${READ_TARGET_P99_MS} ms`;
  if (million) {
    const slow = million.reads.map((read) => ({ name: read.name, p99: p(read.samplesMs, 99) })).filter((read) => read.p99 >= READ_TARGET_P99_MS);
    list.push({
      target: readTarget,
      verdict: slow.length === 0 ? 'met' : 'missed',
      measured: slow.length === 0 ? 'all below' : slow.map((read) => `${read.name} ${ms(read.p99)}`).join(', '),
    });
  } else list.push({ target: readTarget, verdict: 'not measured', measured: 'no 1,000,000 size in this run' });

  const nationalTarget = `${count(NATIONAL_YEAR.facts)} facts imported in < ${NATIONAL_YEAR.minutes} min`;
  if (national) {
    const minutes = national.importMsSoFar / 60_000;
    list.push({ target: nationalTarget, verdict: minutes < NATIONAL_YEAR.minutes ? 'met' : 'missed', measured: `${minutes.toFixed(1)} min` });
  } else list.push({ target: nationalTarget, verdict: 'not measured', measured: 'run with `--facts 5000000`' });
  return list;
}

/** The Markdown of the run: one table (a column per size), the targets, and how it was run. */
export function renderScaleReport(results: SizeResult[], machine: Machine, meta: { startedAt: Date; seconds: number; settings: string }): string {
  const header = `| what | ${results.map((r) => `${count(r.target)} facts`).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---:').join('|')}|`;
  const row = (what: string, cell: (r: SizeResult) => string) => `| ${what} | ${results.map(cell).join(' | ')} |`;
  const readCell = (name: string) => (r: SizeResult) => {
    const read = readAt(r, name);
    if (!read) return '—';
    const note = read.note ? ` (${read.note})` : '';
    return `${ms(p(read.samplesMs, 50))} / ${ms(p(read.samplesMs, 99))}${note}`;
  };
  const exportCell = (pick: (r: SizeResult) => ExportTiming) => (r: SizeResult) => {
    const e = pick(r);
    return `${ms(e.ms)}, ${mib(e.rssPeak)} (+${mib(Math.max(0, e.rssPeak - e.rssBefore))}), ${size(e.bytes)}`;
  };
  const lines = [
    header,
    rule,
    row(
      'facts imported / events in the contract / participants / outcomes verified by the import',
      (r) => `${count(r.facts)} / ${count(r.events)} / ${count(r.participants)} / ${count(r.outcomesVerified)}`,
    ),
    row('bulk import over HTTP, facts/s over the step (over its last tenth)', (r) => `${count(rate(r.stepFacts, r.stepImportMs))} (${count(r.lastTenthRate)})`),
    row('import, CPU per fact: API / worker / PostgreSQL / the bench (files, clients)', (r) => {
      const { apiMsPerFact, workerMsPerFact, postgresMsPerFact, benchMsPerFact } = r.importProfile;
      const cpu = (value: number | undefined): string => (value === undefined ? 'n/a' : `${Math.round(value * 1000)} µs`);
      return [apiMsPerFact, workerMsPerFact, postgresMsPerFact, benchMsPerFact].map(cpu).join(' / ');
    }),
    row('import, per fact: WAL written / pages read from outside shared buffers; checkpoints in the step; `es_events` with indexes', (r) => {
      const profile = r.importProfile;
      return `${count(profile.walBytesPerFact)} B / ${profile.pagesReadPerFact.toFixed(2)}; ${profile.checkpoints}; ${mib(profile.eventsTableBytes)}`;
    }),
    row('import time so far', (r) => duration(r.importMsSoFar)),
    ...READ_ROWS.map(([name, what]) => row(`${what}, p50 / p99`, readCell(name))),
    row(
      'evidence package: time, service peak RSS (+ growth), size',
      exportCell((r) => r.evidence),
    ),
    row(
      'audit export: time, service peak RSS (+ growth), size',
      exportCell((r) => r.audit),
    ),
    row(
      'offline verifier (`audit verify --key`: all checks), events/s (time)',
      (r) => `${count(rate(r.verifier.events, r.verifier.ms))} (${ms(r.verifier.ms)})`,
    ),
    row('ledger sequencer lag during the import, p50 / max; caught up after the step in', (r) =>
      r.lagSamplesMs.length === 0 ? `— ; ${ms(r.drainMs)}` : `${ms(p(r.lagSamplesMs, 50))} / ${ms(Math.max(...r.lagSamplesMs))}; ${ms(r.drainMs)}`,
    ),
    row(
      'service RSS: API after the import / API after the reads and exports / worker',
      (r) => `${mib(r.rss.apiAfterImport)} / ${mib(r.rss.api)} / ${mib(r.rss.worker)}`,
    ),
    row('restart of the API: until `/health` / until the first command answered', (r) => `${ms(r.restart.healthyMs)} / ${ms(r.restart.firstCommandMs)}`),
  ];
  const samples = results.map((r) => `${count(r.target)}: ${r.reads.map((read) => `${read.name} ${read.samplesMs.length}`).join(', ')}`);
  return [
    `# Scale benchmark`,
    '',
    `Run ${meta.startedAt.toISOString()}, ${Math.round(meta.seconds)} s in all; ${meta.settings}.`,
    `Machine: ${machine.cpu}, ${machine.cpuCount} CPUs, ${machine.memoryGiB.toFixed(1)} GiB memory, Node ${machine.node}, ${machine.postgres.split(',')[0]} (${machine.postgresSettings}); ${machine.database}.`,
    '',
    ...lines,
    '',
    '| target | measured | verdict |',
    '|---|---|---|',
    ...verdicts(results).map((v) => `| ${v.target} | ${v.measured} | ${v.verdict} |`),
    '',
    `Calls timed per read (after one untimed): ${samples.join('; ')}.`,
    '',
  ].join('\n');
}
