import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { type ContractCommandRequest, ExecuteContractBatch } from '#contracts';
import { PAGE_DEFAULT_LIMIT } from '#event-store';
import type { BenchContext, BenchModule, BenchResult } from './bench-module.js';
import { timeSequentialCalls } from './measure.js';
import { HttpClient, registerContract, startService } from './service.js';
import { SETTLEMENT_PARTICIPANTS as PARTICIPANTS, SETTLEMENT_TERMINATED_ON as TERMINATED_ON, settlementHistory } from './settlement-history.js';

const CONTRACT = 'bench-settlement-http';
/** Commands per transaction while the contract's history is set up (not measured). */
const SETUP_CHUNK = 2000;

/**
 * The settlement benchmarks' contract (300 participants, a year of facts) in the real service, and
 * its settlement read through the HTTP API: the what-if before the termination
 * (`GET …/settlement/what-if?terminatedOn=`), then, once terminated over HTTP, the settlement
 * (`GET …/settlement`), each computed afresh on every request from the contract's cached state.
 * One request at a time from the bench's process; the figure is the time until the whole answer
 * (some 72 kB of JSON) is read.
 */
export const settlementHttpBench: BenchModule = {
  name: 'settlement over HTTP',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const { log, settings } = context;
    log('starting the service in-process');
    const service = await startService(context.db);
    const client = new HttpClient(service.port);
    try {
      const token = service.tokens.commissioner;
      await registerContract(client, service, CONTRACT);
      const { commands, facts } = settlementHistory();
      log(`recording ${PARTICIPANTS} participants' year of facts (${facts.toLocaleString('en-US')}) in the service, ${SETUP_CHUNK} commands per transaction`);
      const metadata = { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() };
      const commandBus = service.app.get(CommandBus);
      for (let i = 0; i < commands.length; i += SETUP_CHUNK) {
        const chunk = commands.slice(i, i + SETUP_CHUNK).map((command): ContractCommandRequest => ({ command, metadata }));
        const refused = (await commandBus.execute(new ExecuteContractBatch(CONTRACT, chunk))).find((result) => 'rejected' in result);
        if (refused) throw new Error(`setting up ${CONTRACT} was refused: ${JSON.stringify(refused)}`);
      }

      const get = async (path: string): Promise<{ due: number; lineCount: number; status: string }> => {
        const response = await client.request('GET', path, { token });
        if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
        return response.body;
      };
      const warmupMs = Math.max(300, settings.warmupMs);
      const measureMs = Math.max(1000, settings.measureMs * 0.3);
      const whatIfPath = `/contracts/${CONTRACT}/settlement/what-if?terminatedOn=${TERMINATED_ON}`;
      log('timing the what-if over HTTP');
      const whatIf = await get(whatIfPath);
      const whatIfSamples = await timeSequentialCalls(() => get(whatIfPath), warmupMs, measureMs);

      await client.post(`/contracts/${CONTRACT}/termination`, { effectiveOn: TERMINATED_ON, reason: 'benchmark' }, token);
      const settlementPath = `/contracts/${CONTRACT}/settlement`;
      log('timing the settlement over HTTP');
      const settlement = await get(settlementPath);
      if (settlement.due !== whatIf.due) throw new Error(`the settlement (${settlement.due}) differs from its what-if (${whatIf.due})`);
      const settlementSamples = await timeSequentialCalls(() => get(settlementPath), warmupMs, measureMs);
      const shape = `${settlement.lineCount} lines (a page of ${PAGE_DEFAULT_LIMIT} answered), ${settlement.status}; one request at a time from the bench's process`;
      return [
        {
          kind: 'timing',
          operation: `HTTP: GET /contracts/{id}/settlement of that contract, terminated (computed once per log position, then kept)`,
          samplesMs: settlementSamples,
          targetMsPerUnit: 1000,
          notes: [shape],
        },
        {
          kind: 'timing',
          operation: `HTTP: GET /contracts/{id}/settlement/what-if?terminatedOn= of that contract before its termination`,
          samplesMs: whatIfSamples,
          targetMsPerUnit: 1000,
        },
      ];
    } finally {
      client.close();
      await service.close();
    }
  },
};
