import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { Baselines, createRawTable } from './baselines.js';
import type { BenchContext, BenchModule, BenchResult } from './bench-module.js';
import { watchPostgres } from './cpu.js';
import { openBenchDatabase } from './database.js';
import { apiBench, apiProductionBench } from './api.bench.js';
import { eventStoreBench } from './event-store.bench.js';
import { emmettBench } from './emmett.bench.js';
import { evidenceBench } from './evidence.bench.js';
import { heavyReadsBench } from './heavy-reads.bench.js';
import { importBench } from './import.bench.js';
import { ledgerBench } from './ledger.bench.js';
import { reverifyBench } from './reverify.bench.js';
import { settlementBench } from './settlement.bench.js';
import { settlementHttpBench } from './settlement-http.bench.js';
import type { MeasureSettings } from './measure.js';
import { describeMachine, renderReport } from './report.js';

/**
 * `npm run bench`: one run, one database. Raw PostgreSQL baselines are measured in this run and
 * every module compares itself with them. Add a module to MODULES to benchmark more (HTTP API,
 * bulk import, ...).
 */
const MODULES: BenchModule[] = [
  eventStoreBench,
  emmettBench,
  apiProductionBench,
  apiBench,
  importBench,
  reverifyBench,
  settlementBench,
  settlementHttpBench,
  evidenceBench,
  heavyReadsBench,
  ledgerBench,
];

function seconds(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const settings: MeasureSettings = {
  measureMs: seconds('BENCH_SECONDS', 5) * 1000,
  rounds: Math.max(1, Math.round(seconds('BENCH_ROUNDS', 10))),
  warmupMs: seconds('BENCH_WARMUP_SECONDS', 0.5) * 1000,
};

// dist/bench/run.js -> <project>/bench/results/latest.md (the sources' folder, committed).
const RESULTS = fileURLToPath(new URL('../../bench/results/', import.meta.url));

async function main(): Promise<void> {
  const startedAt = new Date();
  const began = performance.now();
  const log = (message: string): void => console.error(`[bench ${((performance.now() - began) / 1000).toFixed(1)}s] ${message}`);

  log('preparing the database');
  const db = await openBenchDatabase();
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log('interrupted: cleaning up');
    void db.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    log(`database ${db.name} on ${db.origin}`);
    const pools = new Map<number, pg.Pool>();
    const pool = (max: number): pg.Pool => {
      let shared = pools.get(max);
      if (!shared) {
        shared = db.pool(max);
        pools.set(max, shared);
      }
      return shared;
    };
    await createRawTable(pool(1));
    await watchPostgres(pool(1));
    const context: BenchContext = { db, pool, baselines: new Baselines(pool, settings), settings, log };
    const machine = await describeMachine(pool(1), `database on ${db.origin}`);

    const rows: BenchResult[] = [];
    // BENCH_ONLY=api,import: only the modules whose name contains one of the words (quicker iterations).
    const only = (process.env.BENCH_ONLY ?? '')
      .split(',')
      .map((w) => w.trim().toLowerCase())
      .filter(Boolean);
    const chosen = only.length === 0 ? MODULES : MODULES.filter((m) => only.some((w) => m.name.toLowerCase().includes(w)));
    for (const module of chosen) {
      log(`module: ${module.name}`);
      rows.push(...(await module.run(context)));
    }

    const report = renderReport(rows, machine, {
      startedAt,
      seconds: (performance.now() - began) / 1000,
      settings: `${settings.measureMs / 1000} s measured per figure in ${settings.rounds} alternating rounds after ${settings.warmupMs / 1000} s warm-up`,
    });
    process.stdout.write(`\n${report}`);
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(`${RESULTS}latest.md`, report);
    log(`written to bench/results/latest.md`);
  } finally {
    log('stopping');
    if (!interrupted) await db.close();
  }
  log('done');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
