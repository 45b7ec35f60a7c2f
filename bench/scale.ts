import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openBenchDatabase } from './database.js';
import { cprOf, REFERRED_ON } from './facts.js';
import type { HttpClient } from './http-client.js';
import type { ImportFile, ImportReport } from './import-files.js';
import { watchImport } from './import-profile.js';
import { residentMemory } from './process-memory.js';
import { describeMachine } from './report.js';
import { cohortFiles, FACTS_PER_PARTICIPANT, participantIds } from './scale-cohort.js';
import { timeAuditExport, timeEvidencePackage, timeVerifier } from './scale-exports.js';
import { expectOk, measureReads, type ReadBudget, timeRead } from './scale-reads.js';
import { renderScaleReport, type SizeResult } from './scale-report.js';
import { ScaleService } from './scale-service.js';
import { untilSequenced, watchSequencerLag } from './sequencer-lag.js';
import { registerContract } from './service.js';

/**
 * `npm run bench:scale [-- --facts 10000,100000,1000000] [--read-seconds 3]`: one contract grown by
 * bulk import over HTTP to each size in turn, and at each size every read, the exports, the
 * verifier, the sequencer's lag, the service's memory and a restart, in one table
 * (bench/results/scale-latest.md). Any answer that is not 2xx ends the run with exit code 1.
 */

const CONTRACT = 'bench-scale';
const LINES_PER_FILE = 5_000;
/** The day of the what-if's termination, and of the termination before the settlement is read. */
const TERMINATED_ON = '2019-06-30';
const WARM_UP_CONTRACT = 'bench-scale-warm-up';
const WARM_UP_PARTICIPANTS = 20;
const WARM_UP_CITIZENS = 20_000_000;
/** Citizens of the probes (the retried command, the commands after a restart): far from the cohort's. */
const PROBE_CITIZENS = 30_000_000;

const { values } = parseArgs({
  options: {
    facts: { type: 'string', default: '10000,100000,1000000' },
    'read-seconds': { type: 'string', default: '3' },
  },
});
const SIZES = values.facts
  .split(',')
  .map((word) => Number(word.trim().replaceAll('_', '')))
  .sort((a, b) => a - b);
// `--facts 5000000` alone: the usual sizes, then the national year.
if (SIZES.length === 1 && SIZES[0] === 5_000_000) SIZES.unshift(10_000, 100_000, 1_000_000);
if (SIZES.some((n) => !Number.isSafeInteger(n) || n < FACTS_PER_PARTICIPANT))
  throw new Error(`--facts: whole numbers of at least ${FACTS_PER_PARTICIPANT}, comma-separated`);
const BUDGET: ReadBudget = { minCalls: 5, maxCalls: 200, seconds: Number(values['read-seconds']) };
if (!(BUDGET.seconds > 0)) throw new Error('--read-seconds: a number of seconds above 0');

// dist/bench/scale.js -> <project>/bench/results/ (the sources' folder, committed).
const RESULTS = fileURLToPath(new URL('../../bench/results/', import.meta.url));

const began = performance.now();
const log = (message: string): void => console.error(`[bench:scale ${((performance.now() - began) / 1000).toFixed(1)}s] ${message}`);

/** Imports one file into `contractId` as its sender; the request's time and the import's report (every line accepted, or the run ends). */
async function importFile(client: HttpClient, service: ScaleService, contractId: string, file: ImportFile): Promise<{ ms: number; report: ImportReport }> {
  const started = performance.now();
  const response = await client.request('POST', `/contracts/${contractId}/imports`, {
    token: service.tokens[file.sender],
    body: file.body,
    contentType: 'application/x-ndjson',
  });
  const ms = performance.now() - started;
  const report = expectOk(response, `an import of ${file.lines} lines into ${contractId}`).body as ImportReport;
  if (report.accepted !== file.lines)
    throw new Error(`an import of ${file.lines} lines accepted ${report.accepted}: ${JSON.stringify(report.rejected.slice(0, 3))}`);
  return { ms, report };
}

/** A referral over HTTP, as a commissioner's system sends one (the command the probes send). */
function refer(client: HttpClient, token: string, citizen: number, idempotencyKey?: string) {
  return client.request('POST', `/contracts/${CONTRACT}/referrals`, {
    token,
    body: JSON.stringify({ cpr: cprOf(citizen), referredOn: REFERRED_ON, intakeVariant: 'thorough', intakeOutcome: 'accepted' }),
    headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
  });
}

async function main(): Promise<void> {
  const startedAt = new Date();
  log(`sizes ${SIZES.join(', ')}; ${FACTS_PER_PARTICIPANT} facts per participant`);
  const db = await openBenchDatabase();
  const machine = await describeMachine(db.pool(1), `database on ${db.origin}, the API and the worker in processes of their own`);
  let service: ScaleService | undefined;
  const stopping: Array<() => Promise<unknown>> = [];
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log('interrupted: stopping the service and the database');
    void Promise.allSettled(stopping.map((stop) => stop()))
      .then(() => service?.stop())
      .finally(() => db.close().finally(() => process.exit(130)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    log('starting the API and the worker');
    service = await ScaleService.start(db);
    const running = service;
    const lagPool = new pg.Pool({ connectionString: service.databaseUrl, max: 1 });
    stopping.push(() => lagPool.end());
    let client = service.client();
    const { commissioner } = service.tokens;
    await registerContract(client, service, CONTRACT);
    // Recorded before the contract grows: re-sending it later costs what the issue found growing.
    const retry = () => refer(client, commissioner, PROBE_CITIZENS, 'bench-scale-retried-command');
    expectOk(await retry(), 'the command to retry');
    let probes = 1;
    const newFact = () => refer(client, commissioner, PROBE_CITIZENS + probes++).then((r) => expectOk(r, 'a new fact'));
    // A fresh API process (at the start, after each restart) first imports into a contract of its
    // own, so that a step's rate is not the JIT's warm-up.
    await registerContract(client, service, WARM_UP_CONTRACT);
    let warmedUp = 0;
    const warmUp = async () => {
      const first = WARM_UP_CITIZENS + warmedUp;
      warmedUp += WARM_UP_PARTICIPANTS;
      for (const file of cohortFiles(first, participantIds(first, WARM_UP_PARTICIPANTS, running.pseudonymKey), LINES_PER_FILE))
        await importFile(client, running, WARM_UP_CONTRACT, file);
    };

    const results: SizeResult[] = [];
    const ids: string[] = [];
    const instants: Array<{ facts: number; at: string }> = [];
    let facts = 0;
    let importMsSoFar = 0;
    let outcomesVerified = 0;
    for (const target of SIZES) {
      const count = Math.ceil((target - facts) / FACTS_PER_PARTICIPANT);
      if (count <= 0) continue;
      const cohort = participantIds(ids.length, count, running.pseudonymKey);
      log(`growing to ${target.toLocaleString('en-US')} facts: ${count.toLocaleString('en-US')} participants more`);
      await warmUp();
      const lag = watchSequencerLag(lagPool);
      const profiling = await watchImport(lagPool, { api: running.apiPid, worker: running.workerPid });
      let stepFacts = 0;
      let stepImportMs = 0;
      const files: Array<{ ms: number; facts: number }> = [];
      for (const file of cohortFiles(ids.length, cohort, LINES_PER_FILE)) {
        const { ms, report } = await importFile(client, running, CONTRACT, file);
        stepImportMs += ms;
        stepFacts += report.accepted;
        files.push({ ms, facts: report.accepted });
        outcomesVerified += report.outcomes.verified;
        instants.push({ facts: facts + stepFacts, at: new Date().toISOString() });
      }
      const lagSamplesMs = await lag.stop();
      const drainMs = await untilSequenced(lagPool);
      const importProfile = await profiling.stop(stepFacts);
      const apiRssAfterImport = residentMemory(running.apiPid).rss;
      const lastTenth = files.slice(-Math.max(1, Math.floor(files.length / 10)));
      facts += stepFacts;
      importMsSoFar += stepImportMs;
      ids.push(...cohort);
      log(`${facts.toLocaleString('en-US')} facts, ${Math.round(stepFacts / (stepImportMs / 1000))} facts/s; reads`);

      const asOf = instants.reduce((best, i) => (Math.abs(i.facts - facts / 2) < Math.abs(best.facts - facts / 2) ? i : best)).at;
      const reads = await measureReads({
        client,
        tokens: running.tokens,
        contractId: CONTRACT,
        participantIds: ids,
        asOf,
        retry,
        newFact,
        budget: BUDGET,
        terminatedOn: TERMINATED_ON,
      });
      log('evidence package, audit export, verifier');
      const evidence = await timeEvidencePackage(running, CONTRACT);
      const audit = await timeAuditExport(running, CONTRACT);
      const verifier = await timeVerifier(running, audit.folder).finally(audit.remove);
      const rss = { apiAfterImport: apiRssAfterImport, api: residentMemory(running.apiPid).rss, worker: residentMemory(running.workerPid).rss };
      const events = (expectOk(await client.request('GET', `/contracts/${CONTRACT}`, { token: commissioner }), 'the contract').body as { version: number })
        .version;
      log('restarting the API');
      client.close();
      client = running.client();
      const restart = await running.restart(newFact);
      results.push({
        target,
        facts,
        events,
        participants: ids.length,
        stepFacts,
        stepImportMs,
        lastTenthRate: lastTenth.reduce((sum, f) => sum + f.facts, 0) / (lastTenth.reduce((sum, f) => sum + f.ms, 0) / 1000),
        importProfile,
        importMsSoFar,
        outcomesVerified,
        reads,
        evidence,
        audit: audit.timing,
        verifier,
        lagSamplesMs,
        drainMs,
        rss,
        restart,
      });
    }

    log('terminating the contract, then its settlement');
    expectOk(
      await client.request('POST', `/contracts/${CONTRACT}/termination`, {
        token: commissioner,
        body: JSON.stringify({ effectiveOn: TERMINATED_ON, reason: 'scale benchmark: the settlement at the largest size' }),
      }),
      'the termination',
    );
    const readSettlement = async () => expectOk(await client.request('GET', `/contracts/${CONTRACT}/settlement`, { token: commissioner }), 'the settlement');
    // The first read computes the settlement at the termination's log position; later ones are kept.
    const firstStarted = performance.now();
    const first = await readSettlement();
    const firstSettlement = { name: 'settlement first', samplesMs: [performance.now() - firstStarted], bytes: first.bytes };
    const settlement = await timeRead('settlement', readSettlement, BUDGET);
    results.at(-1)?.reads.push(firstSettlement, settlement);
    client.close();

    const report = renderScaleReport(results, machine, {
      startedAt,
      seconds: (performance.now() - began) / 1000,
      settings: `sizes ${SIZES.join(', ')} facts (${FACTS_PER_PARTICIPANT} per participant), import files of ${LINES_PER_FILE} lines, each read timed ${BUDGET.minCalls} to ${BUDGET.maxCalls} times within ${BUDGET.seconds} s`,
    });
    process.stdout.write(`\n${report}`);
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(`${RESULTS}scale-latest.md`, report);
    log('written to bench/results/scale-latest.md');
  } finally {
    log('stopping');
    await Promise.allSettled(stopping.map((stop) => stop()));
    await service?.stop().catch((error: unknown) => log(`stopping the service: ${String(error)}`));
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
