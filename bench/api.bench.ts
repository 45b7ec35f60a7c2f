import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ContractCommands, ExecuteContractCommand } from '#contracts';
import { Database } from '#database';
import type { ContractCommand } from '#domain';
import type { BenchContext, BenchModule, BenchResult, BenchRow } from './bench-module.js';
import { ClientProcess, type ClientSpec, type RoundReply } from './clients.js';
import { Cohort } from './cohort.js';
import { commandOf } from './facts.js';
import { describeStatements, describeTransactions, watchStatements } from './statements.js';
import { measureAlone, type MeasureSettings, runFor, Throughput, type Workload } from './measure.js';
import { byComponent, componentTable, monotonicMicros, profiled, profiling } from './profile.js';
import { type BenchService, enrolParticipants, HttpClient, registerContract, startService } from './service.js';
import type { BenchDatabase } from './database.js';
import { ServiceProcesses } from './service-processes.js';

/** Said of every HTTP row: its clients run in a process of their own, not the service's (see clients.ts). */
const ELSEWHERE = 'in their own process';
/** The README's production setup: `npm start` with RUN_PROJECTIONS=false and `npm run start:worker`. */
const PRODUCTION = 'API and worker processes (production setup)';
/** The service in the bench's process with its projections and sequencer (the default of one process). */
const IN_PROCESS = 'service in-process with projections';

export const CLIENTS = 8;
/** Participants per client: enough history for every measured round (about 290 facts each). */
const PARTICIPANTS_PER_CLIENT = 40;
/** Participants per client of the warm-up contract. */
const WARMUP_PARTICIPANTS_PER_CLIENT = 8;
/**
 * Facts over HTTP on a contract of their own before anything is measured, so that both scenarios
 * are measured on code the JIT has optimised (measured: without it the first scenario ran at half
 * the rate per CPU second of the second).
 */
const WARMUP_HTTP_MS = 4000;
/** BENCH_PROFILE=1: facts over HTTP recorded under the profiler, per scenario of the production setup. */
const PROFILED_MS = 5000;
/** The service's pool (DB_POOL_SIZE), a little above the clients so no request waits for a connection. */
const SERVICE_POOL = 10;

/**
 * The production setup the README recommends (service-processes.ts) on one fresh database; set-up
 * (tokens, contracts, enrolments) goes through a service in the bench's process on the same
 * database, without projections, idle while measuring.
 */
interface ProductionService extends BenchService {
  pids: ServiceProcesses['pids'];
  processes: ServiceProcesses;
}

async function startProductionService(db: BenchDatabase, env: Record<string, string>): Promise<ProductionService> {
  const setup = await startService(db, { ...env, RUN_PROJECTIONS: 'false' });
  try {
    const processes = await ServiceProcesses.start({ ...setup.env, LOG_LEVEL: 'silent' });
    return {
      ...setup,
      port: processes.port,
      pids: processes.pids,
      processes,
      close: async () => {
        await processes.stop();
        await setup.close();
      },
    };
  } catch (error) {
    await setup.close().catch(() => undefined);
    throw error;
  }
}

interface Tally {
  facts: number;
  outcomes: number;
}

/**
 * Clients recording their cohorts' facts through the HTTP API, one request at a time each, in the
 * clients' own process; the tally and the cohorts' state come back after every round (so that the
 * commands without HTTP carry on where the HTTP clients left off).
 */
function httpFacts(
  clients: ClientProcess,
  label: string,
  service: BenchService | ProductionService,
  cohorts: Cohort[],
  tally: Tally,
): ReturnType<ClientProcess['workload']> {
  const spec: ClientSpec = { kind: 'facts', port: service.port, tokens: service.tokens, cohorts: cohorts.map((cohort) => cohort.state()) };
  const onRound = (reply: RoundReply): void => {
    tally.facts += reply.facts ?? 0;
    tally.outcomes += reply.outcomes ?? 0;
    reply.cohorts?.forEach((state, c) => cohorts[c].restore(state));
  };
  return clients.workload(label, spec, onRound, 'pids' in service ? service.pids : undefined);
}

/** Registers the single contract and the spread ones, enrols every client's cohort, and records facts over HTTP for WARMUP_HTTP_MS on a contract of its own. */
async function prepare(
  context: BenchContext,
  clients: ClientProcess,
  service: BenchService | ProductionService,
  prefix: string,
): Promise<{ single: Cohort[]; spread: Cohort[] }> {
  const setup = new HttpClient(service.port);
  try {
    context.log('registering contracts, enrolling participants');
    const single = `${prefix}-one`;
    const spread = Array.from({ length: CLIENTS }, (_, c) => `${prefix}-c${c + 1}`);
    await registerContract(setup, service, single);
    for (const contractId of spread) await registerContract(setup, service, contractId);
    const singleCohorts: Cohort[] = [];
    for (let c = 0; c < CLIENTS; c++) singleCohorts.push(new Cohort(single, await enrolParticipants(service, single, PARTICIPANTS_PER_CLIENT)));
    const spreadCohorts = await Promise.all(
      spread.map(async (contractId) => new Cohort(contractId, await enrolParticipants(service, contractId, PARTICIPANTS_PER_CLIENT))),
    );

    context.log(`warming the service up: ${WARMUP_HTTP_MS / 1000} s of facts over HTTP on a contract of its own`);
    const warmupContract = `${prefix}-warmup`;
    await registerContract(setup, service, warmupContract);
    const warmupCohorts: Cohort[] = [];
    for (let c = 0; c < CLIENTS; c++)
      warmupCohorts.push(new Cohort(warmupContract, await enrolParticipants(service, warmupContract, WARMUP_PARTICIPANTS_PER_CLIENT)));
    const warmup = await httpFacts(clients, 'warm-up', service, warmupCohorts, { facts: 0, outcomes: 0 });
    try {
      await runFor(warmup, WARMUP_HTTP_MS);
    } finally {
      await warmup.close();
    }
    return { single: singleCohorts, spread: spreadCohorts };
  } finally {
    setup.close();
  }
}

/** The rows of stream projections (the contract summary's, docs/snapshots.md) stored so far in the service's database. */
async function projectionRows(service: BenchService): Promise<number> {
  const { rows } = await service.app.get(Database).pool.query<{ n: string }>('SELECT count(*) AS n FROM es_stream_projections');
  return Number(rows[0].n);
}

const describeProjectionRows = (rows: number, tally: Tally): string =>
  `${rows} contract summary rows stored for ${tally.facts} facts (${(rows / Math.max(tally.facts, 1)).toFixed(3)} a fact; ${tally.outcomes} outcome events among them)`;

/** The same facts straight into the service's command handling (ContractCommands), without HTTP. */
function directLoop(commands: ContractCommands, cohort: Cohort, tally: Tally): () => Promise<number> {
  return async () => {
    const { participantId, fact } = cohort.next();
    const actor = fact.type === 'RecordBenefitWeek' ? 'commissioner:aalborg-kommune' : 'provider:fokus-folkeoplysning';
    const result = await commands.execute(
      new ExecuteContractCommand(cohort.contractId, commandOf(participantId, fact) as ContractCommand, { actor, correlationId: randomUUID() }),
    );
    tally.facts++;
    for (const event of result.events) if (event.type.startsWith('Outcome')) tally.outcomes++;
    return 1;
  };
}

/**
 * A scenario: the clients record facts on `cohorts` over HTTP, in rounds alternating with raw
 * single-row INSERTs on 8 connections; two rows, against raw on 8 connections (with `target`) and on 1.
 */
async function scenarios(
  context: BenchContext,
  clients: ClientProcess,
  rows: BenchRow[],
): Promise<(operation: string, service: BenchService | ProductionService, cohorts: Cohort[], target: number) => Promise<void>> {
  const { baselines, log } = context;
  const oneConnection = await baselines.get('insert-1conn');
  return async (operation: string, service: BenchService | ProductionService, cohorts: Cohort[], target: number): Promise<void> => {
    log(`measuring: ${operation}`);
    const tally: Tally = { facts: 0, outcomes: 0 };
    const workload = await httpFacts(clients, operation, service, cohorts, tally);
    try {
      const watched = await watchStatements(() => baselines.pair('insert-8conn', workload));
      const { raw, subject } = watched.result;
      const notes = [`${tally.outcomes} outcome events (verified or reversed) answered to ${tally.facts} facts`];
      // The statements are counted in this process's pg clients: the service's only when it runs here.
      if (!('pids' in service)) notes.push(describeStatements(watched.statements, tally.facts), describeTransactions(watched.transactionsMs));
      rows.push({ operation: `${operation} (facts/s) vs raw 1 row, 8 connections`, raw, subject, target, notes });
      rows.push({ operation: `${operation} (facts/s) vs raw 1 row, 1 connection`, raw: oneConnection, subject });
    } finally {
      await workload.close();
    }
  };
}

/**
 * Facts over HTTP in the production setup the README recommends: the API (RUN_PROJECTIONS=false)
 * and the worker (projections, the ledger's sequencer) as processes of their own on one database,
 * the clients in a third; the API's and the worker's CPU read from /proc. `BENCH_ONLY=production`
 * runs it alone; with `BENCH_PROFILE=1` the API runs under `--cpu-prof` (its profile is written to
 * the temporary folder when it stops).
 */
export const apiProductionBench: BenchModule = {
  name: 'HTTP API production setup',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const { log } = context;
    const clients = ClientProcess.start();
    const rows: BenchRow[] = [];
    try {
      const scenario = await scenarios(context, clients, rows);
      log('starting the service as an API process and a worker process');
      const processes = await startProductionService(context.db, { DB_POOL_SIZE: String(SERVICE_POOL) });
      const windows: Array<{ name: string; from: number; to: number; facts: number }> = [];
      try {
        const cohorts = await prepare(context, clients, processes, 'bench-prod');
        await scenario(`HTTP API: record facts, ${CLIENTS} clients ${ELSEWHERE}, 1 contract, ${PRODUCTION}`, processes, cohorts.single, 0.6);
        await scenario(`HTTP API: record facts, ${CLIENTS} clients ${ELSEWHERE}, ${CLIENTS} contracts, ${PRODUCTION}`, processes, cohorts.spread, 0.6);
        if (profiling()) {
          for (const [name, set] of [
            ['1 contract', cohorts.single],
            [`${CLIENTS} contracts`, cohorts.spread],
          ] as const) {
            const tally: Tally = { facts: 0, outcomes: 0 };
            const workload = await httpFacts(clients, `profiled ${name}`, processes, set, tally);
            const from = monotonicMicros();
            await runFor(workload, PROFILED_MS).finally(() => workload.close());
            windows.push({ name, from, to: monotonicMicros(), facts: tally.facts });
          }
        }
      } finally {
        await processes.close();
      }
      const profile = processes.processes.profile();
      if (profile !== undefined)
        for (const { name, from, to, facts } of windows)
          log(
            `where the API process's CPU went per fact, ${name}, ${facts} facts in ${PROFILED_MS / 1000} s:\n${componentTable(byComponent(profile, from, to), facts)}`,
          );
      return rows;
    } finally {
      await clients.close();
    }
  },
};

/**
 * Facts recorded per second through the real HTTP API (service started in-process on its own
 * database of the bench's server), by 8 concurrent clients in a process of their own (as a
 * provider's system would be: their CPU is not the service's): all on one contract (commands of a
 * contract are serialised, its caps being contract-wide) and spread over 8 contracts. Compared with
 * raw single-row INSERTs on 8 connections (like for like: 8 concurrent writers; the target's
 * figure) and on 1 connection. Then, to show what limits the rate, the same facts with 1 client,
 * a request that does no database work (GET /me), and the command handling without HTTP.
 */
export const apiBench: BenchModule = {
  name: 'HTTP API in-process',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const { log, settings } = context;
    const clients = ClientProcess.start();
    const rows: BenchRow[] = [];
    const scenario = await scenarios(context, clients, rows);
    log('starting the service in-process');
    const service = await startService(context.db, { DB_POOL_SIZE: String(SERVICE_POOL) });
    try {
      const { single: singleCohorts, spread: spreadCohorts } = await prepare(context, clients, service, 'bench-api');
      await scenario(`HTTP API: record facts, ${CLIENTS} clients ${ELSEWHERE}, 1 contract, ${IN_PROCESS}`, service, singleCohorts, 0.3);
      await scenario(`HTTP API: record facts, ${CLIENTS} clients ${ELSEWHERE}, ${CLIENTS} contracts, ${IN_PROCESS}`, service, spreadCohorts, 0.3);

      // What limits the rate: shorter figures measured alone.
      const short: MeasureSettings = {
        measureMs: Math.max(1000, settings.measureMs * 0.4),
        rounds: Math.max(1, Math.round(settings.rounds * 0.4)),
        warmupMs: settings.warmupMs,
      };
      const alone = async (operation: string, workload: Workload & { close?(): Promise<void> }): Promise<BenchRow> => {
        log(`measuring: ${operation}`);
        const row: BenchRow = { operation, subject: new Throughput(operation) };
        try {
          await measureAlone(workload, row.subject, short);
        } finally {
          await workload.close?.();
        }
        rows.push(row);
        return row;
      };

      const serialTally: Tally = { facts: 0, outcomes: 0 };
      const serialLabel = `HTTP API: record facts, 1 client ${ELSEWHERE}, 1 contract (facts/s)`;
      const serial = await watchStatements(async () => alone(serialLabel, await httpFacts(clients, serialLabel, service, [singleCohorts[0]], serialTally)));
      serial.result.notes = [describeTransactions(serial.transactionsMs)];

      // The floor: Node's own HTTP server answering at once (in the service's process), with the same clients.
      const bare = http.createServer((_request, response) => {
        response.setHeader('content-type', 'application/json; charset=utf-8');
        response.end('{"name":"fokus-folkeoplysning","role":"provider","contracts":"*"}');
      });
      await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
      try {
        const floorLabel = `HTTP floor: bare node:http server answering fixed JSON, ${CLIENTS} clients ${ELSEWHERE} (requests/s)`;
        const port = (bare.address() as { port: number }).port;
        await alone(
          floorLabel,
          await clients.workload(floorLabel, { kind: 'get', port, path: '/me', token: service.tokens.provider, clients: CLIENTS, expect: 200 }),
        );
      } finally {
        await new Promise((resolve) => bare.close(resolve));
      }

      const meLabel = `HTTP: GET /me (authentication only, no database), ${CLIENTS} clients ${ELSEWHERE} (requests/s)`;
      await alone(
        meLabel,
        await clients.workload(meLabel, { kind: 'get', port: service.port, path: '/me', token: service.tokens.provider, clients: CLIENTS, expect: 200 }),
      );

      const commands = service.app.get(ContractCommands);
      const directTally: Tally = { facts: 0, outcomes: 0 };
      const directLabel = `commands without HTTP (ContractCommands.execute), ${CLIENTS} callers, ${CLIENTS} contracts (facts/s)`;
      const rowsBefore = await projectionRows(service);
      const direct = await watchStatements(() =>
        alone(directLabel, { label: directLabel, loops: spreadCohorts.map((cohort) => directLoop(commands, cohort, directTally)) }),
      );
      direct.result.notes = [
        describeStatements(direct.statements, directTally.facts),
        describeTransactions(direct.transactionsMs),
        describeProjectionRows((await projectionRows(service)) - rowsBefore, directTally),
      ];
      const directOneLabel = `commands without HTTP (ContractCommands.execute), ${CLIENTS} callers, 1 contract (facts/s)`;
      const directOne = await watchStatements(() =>
        alone(directOneLabel, { label: directOneLabel, loops: singleCohorts.map((cohort) => directLoop(commands, cohort, { facts: 0, outcomes: 0 })) }),
      );
      directOne.result.notes = [describeTransactions(directOne.transactionsMs)];

      // BENCH_PROFILE=1: where the service's Node time of facts over HTTP goes (the clients are in their own process; not part of any figure).
      if (profiling()) {
        for (const [name, cohorts] of [
          ['api-1-contract', singleCohorts],
          ['api-8-contracts', spreadCohorts],
        ] as const) {
          const profiledWorkload = await httpFacts(clients, `profiled ${name}`, service, cohorts, { facts: 0, outcomes: 0 });
          try {
            await profiled(name, log, () => runFor(profiledWorkload, short.measureMs));
          } finally {
            await profiledWorkload.close();
          }
        }
      }
      return rows;
    } finally {
      await clients.close();
      await service.close();
    }
  },
};
