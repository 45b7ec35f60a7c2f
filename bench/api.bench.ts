import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ContractCommands } from '../libs/contracts/src/index.js';
import type { ContractCommand } from '../libs/domain/src/index.js';
import type { BenchContext, BenchModule, BenchResult, BenchRow } from './bench-module.js';
import { commandOf, type FactSpec, participantFacts, requestOf, TYPICAL_PLAN } from './facts.js';
import { describeStatements, describeTransactions, watchStatements } from './statements.js';
import { measureAlone, type MeasureSettings, runFor, Throughput, type Workload } from './measure.js';
import { profiled, profiling } from './profile.js';
import { type BenchService, enrolParticipants, HttpClient, registerContract, startService } from './service.js';

export const CLIENTS = 8;
/** Participants per client: enough history for every measured round (about 290 facts each). */
const PARTICIPANTS_PER_CLIENT = 16;
/** The service's pool (DB_POOL_SIZE), a little above the clients so no request waits for a connection. */
const SERVICE_POOL = 10;

/**
 * One client's participants in one contract, each with its history to record; a client records the
 * next fact of each participant in turn, as facts arrive across a cohort week by week.
 */
class Cohort {
  private readonly scripts: Array<{ participantId: string; facts: Generator<FactSpec> }>;
  private turn = 0;

  constructor(readonly contractId: string, participantIds: string[]) {
    this.scripts = participantIds.map((participantId) => ({ participantId, facts: participantFacts(TYPICAL_PLAN) }));
  }

  next(): { participantId: string; fact: FactSpec } {
    for (let tried = 0; tried < this.scripts.length; tried++) {
      const script = this.scripts[this.turn++ % this.scripts.length];
      const next = script.facts.next();
      if (!next.done) return { participantId: script.participantId, fact: next.value };
    }
    throw new Error(`every participant of ${this.contractId} has recorded its whole history: raise PARTICIPANTS_PER_CLIENT`);
  }
}

interface Tally {
  facts: number;
  outcomes: number;
}

/** A client recording its cohort's facts through the HTTP API, one request at a time. */
function httpLoop(client: HttpClient, service: BenchService, cohort: Cohort, tally: Tally): () => Promise<number> {
  return async () => {
    const { participantId, fact } = cohort.next();
    const { path, body } = requestOf(fact);
    const token = fact.type === 'RecordBenefitWeek' ? service.tokens.commissioner : service.tokens.provider;
    const response = await client.post(`/contracts/${cohort.contractId}/participants/${participantId}${path}`, body, token);
    tally.facts++;
    for (const event of response.body.events as Array<{ type: string }>) if (event.type.startsWith('Outcome')) tally.outcomes++;
    return 1;
  };
}

/** The same facts straight into the service's command handling (ContractCommands), without HTTP. */
function directLoop(commands: ContractCommands, cohort: Cohort, tally: Tally): () => Promise<number> {
  return async () => {
    const { participantId, fact } = cohort.next();
    const actor = fact.type === 'RecordBenefitWeek' ? 'commissioner:aalborg-kommune' : 'provider:fokus-folkeoplysning';
    const result = await commands.execute(cohort.contractId, {
      command: commandOf(participantId, fact) as ContractCommand,
      metadata: { actor, correlationId: randomUUID() },
    });
    tally.facts++;
    for (const event of result.events) if (event.type.startsWith('Outcome')) tally.outcomes++;
    return 1;
  };
}


/**
 * Facts recorded per second through the real HTTP API (service started in-process on its own
 * database of the bench's server), by 8 concurrent clients: all on one contract (commands of a
 * contract are serialised, its caps being contract-wide) and spread over 8 contracts. Compared with
 * raw single-row INSERTs on 8 connections (like for like: 8 concurrent writers; the target's
 * figure) and on 1 connection. Then, to show what limits the rate, the same facts with 1 client,
 * a request that does no database work (GET /me), and the command handling without HTTP.
 */
export const apiBench: BenchModule = {
  name: 'HTTP API',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const { baselines, log, settings } = context;
    log('starting the service in-process');
    const service = await startService(context.db, { DB_POOL_SIZE: String(SERVICE_POOL) });
    const clients = Array.from({ length: CLIENTS }, () => new HttpClient(service.port));
    try {
      log('registering contracts, enrolling participants');
      const single = 'bench-api-one';
      const spread = Array.from({ length: CLIENTS }, (_, c) => `bench-api-c${c + 1}`);
      await registerContract(clients[0], service, single);
      await Promise.all(spread.map((contractId, c) => registerContract(clients[c], service, contractId)));
      const singleCohorts: Cohort[] = [];
      for (let c = 0; c < CLIENTS; c++) singleCohorts.push(new Cohort(single, await enrolParticipants(service, single, PARTICIPANTS_PER_CLIENT)));
      const spreadCohorts = await Promise.all(
        spread.map(async (contractId) => new Cohort(contractId, await enrolParticipants(service, contractId, PARTICIPANTS_PER_CLIENT))),
      );

      const rows: BenchRow[] = [];
      const oneConnection = await baselines.get('insert-1conn');
      const scenario = async (operation: string, cohorts: Cohort[]): Promise<void> => {
        log(`measuring: ${operation}`);
        const tally: Tally = { facts: 0, outcomes: 0 };
        const workload: Workload = { label: operation, loops: clients.map((client, c) => httpLoop(client, service, cohorts[c], tally)) };
        const watched = await watchStatements(() => baselines.pair('insert-8conn', workload));
        const { raw, subject } = watched.result;
        const notes = [
          `${tally.outcomes} outcome events (verified or reversed) answered to ${tally.facts} facts`,
          describeTransactions(watched.transactionsMs),
        ];
        rows.push({ operation: `${operation} (facts/s) vs raw 1 row, 8 connections`, raw, subject, target: 0.3, notes });
        rows.push({ operation: `${operation} (facts/s) vs raw 1 row, 1 connection`, raw: oneConnection, subject });
      };
      await scenario(`HTTP API: record facts, ${CLIENTS} clients, 1 contract`, singleCohorts);
      await scenario(`HTTP API: record facts, ${CLIENTS} clients, ${CLIENTS} contracts`, spreadCohorts);

      // What limits the rate: shorter figures measured alone.
      const short: MeasureSettings = {
        measureMs: Math.max(1000, settings.measureMs * 0.4),
        rounds: Math.max(1, Math.round(settings.rounds * 0.4)),
        warmupMs: settings.warmupMs,
      };
      const alone = async (operation: string, loops: Array<() => Promise<number>>): Promise<BenchRow> => {
        log(`measuring: ${operation}`);
        const row: BenchRow = { operation, subject: new Throughput(operation) };
        await measureAlone({ label: operation, loops }, row.subject, short);
        rows.push(row);
        return row;
      };

      const serialTally: Tally = { facts: 0, outcomes: 0 };
      const serial = await watchStatements(() =>
        alone('HTTP API: record facts, 1 client, 1 contract (facts/s)', [httpLoop(clients[0], service, singleCohorts[0], serialTally)]),
      );
      serial.result.notes = [describeTransactions(serial.transactionsMs)];

      // The floor: Node's own HTTP server answering at once, with the same clients in the same process.
      const bare = http.createServer((_request, response) => {
        response.setHeader('content-type', 'application/json; charset=utf-8');
        response.end('{"name":"fokus-folkeoplysning","role":"provider","contracts":"*"}');
      });
      await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
      const bareClients = Array.from({ length: CLIENTS }, () => new HttpClient((bare.address() as { port: number }).port));
      try {
        await alone(`HTTP floor: bare node:http server answering fixed JSON, ${CLIENTS} clients (requests/s)`,
          bareClients.map((client) => async () => {
            await client.request('GET', '/me', { token: service.tokens.provider });
            return 1;
          }));
      } finally {
        for (const client of bareClients) client.close();
        await new Promise((resolve) => bare.close(resolve));
      }

      await alone(`HTTP: GET /me (authentication only, no database), ${CLIENTS} clients (requests/s)`,
        clients.map((client) => async () => {
          const response = await client.request('GET', '/me', { token: service.tokens.provider });
          if (response.status !== 200) throw new Error(`GET /me answered ${response.status}`);
          return 1;
        }));

      const commands = service.app.get(ContractCommands);
      const directTally: Tally = { facts: 0, outcomes: 0 };
      const direct = await watchStatements(() =>
        alone(`commands without HTTP (ContractCommands.execute), ${CLIENTS} callers, ${CLIENTS} contracts (facts/s)`,
          spreadCohorts.map((cohort) => directLoop(commands, cohort, directTally))),
      );
      direct.result.notes = [describeStatements(direct.statements, directTally.facts), describeTransactions(direct.transactionsMs)];
      const directOne = await watchStatements(() =>
        alone(`commands without HTTP (ContractCommands.execute), ${CLIENTS} callers, 1 contract (facts/s)`,
          singleCohorts.map((cohort) => directLoop(commands, cohort, { facts: 0, outcomes: 0 }))),
      );
      directOne.result.notes = [describeTransactions(directOne.transactionsMs)];

      // BENCH_PROFILE=1: where the Node time of facts over HTTP goes (not part of any figure).
      if (profiling()) {
        await profiled('api-8-contracts', log, () =>
          runFor({ label: 'profiled', loops: clients.map((client, c) => httpLoop(client, service, spreadCohorts[c], { facts: 0, outcomes: 0 })) }, short.measureMs),
        );
      }
      return rows;
    } finally {
      for (const client of clients) client.close();
      await service.close();
    }
  },
};
