import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { generateDemoPlan, type FactLine } from '../apps/demo/src/synthetic-facts.js';
import { TokenService } from '#auth';
import { type ContractCommandRequest, ContractCommands, PseudonymKey } from '#contracts';
import { pseudonymise } from '#domain';
import type { BenchModule, BenchResult, TimingRow } from './bench-module.js';
import { benchContract } from './facts.js';
import { type BenchService, startService } from './service.js';

/** Commands per transaction while the contracts are set up (not measured). */
const SETUP_BATCH = 1_000;
const PAYMENT_DELAY_DAYS = 21;

/** Peak resident memory while `work` runs, sampled every 10 ms (and the heap's peak). */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; rssBefore: number; rssPeak: number; heapPeak: number }> {
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  let heapPeak = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  };
  const timer = setInterval(sample, 10);
  try {
    const result = await work();
    sample();
    return { result, rssBefore, rssPeak, heapPeak };
  } finally {
    clearInterval(timer);
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/**
 * Records a synthetic year of an IMPACT60-like contract (the demo's generator: referrals, intake
 * variants, dropouts, placements, monthly payslips, DREAM weeks, corrections) straight into the
 * service's command handling, with the payments confirmed month by month. Returns the facts recorded.
 */
async function recordContract(service: BenchService, contractId: string, citizens: number, weeks: number): Promise<number> {
  const commands = service.app.get(ContractCommands);
  const key = service.app.get(PseudonymKey).key;
  const metadata = { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() };
  const plan = generateDemoPlan({ seed: citizens, citizens, weeks, start: '2018-09-03' });
  const pseudonyms = new Map<number, string>();
  let batch: ContractCommandRequest[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await commands.executeBatch(contractId, batch);
    batch = [];
  };
  const add = async (commandId: string, type: string, data: Record<string, unknown>) => {
    // Command ids are unique across the whole log, and each contract here gets the same ones.
    batch.push({ command: { type, data } as ContractCommandRequest['command'], idempotencyKey: `${contractId}:${commandId}`, metadata });
    if (batch.length >= SETUP_BATCH) await flush();
  };
  const line = (l: FactLine) => add(l.commandId, l.type, l.citizen === undefined ? l.data : { participantId: pseudonyms.get(l.citizen), ...l.data });

  await add('register', 'RegisterContract', { definition: benchContract(contractId) });
  await add('activate', 'ActivateContract', { activatedOn: '2018-09-01' });
  for (const week of plan.weeks) {
    for (const r of week.referrals) {
      const participantId = pseudonymise(r.cpr, key);
      pseudonyms.set(r.citizen, participantId);
      await add(`referral:${r.citizen}`, 'ReferParticipant', { participantId, referredOn: r.referredOn, intakeVariant: r.intakeVariant, intakeOutcome: r.intakeOutcome });
    }
    for (const l of week.provider) await line(l);
    for (const l of week.register) await line(l);
    if (week.paymentRun !== null) {
      await flush();
      const runOn = week.paymentRun;
      const due = await commands.withState(contractId, (state) =>
        [...state.ledger.values()]
          .filter((e) => e.reversal === null && e.confirmation === null && Date.parse(e.achievedOn) <= Date.parse(runOn) - PAYMENT_DELAY_DAYS * 86_400_000)
          .map((e) => e.paymentId),
      );
      for (const [i, paymentId] of due.entries()) await add(`pay:${runOn}:${i}`, 'ConfirmPayment', { paymentId, reference: `UDB-${runOn}-${i}`, confirmedOn: runOn });
    }
  }
  await flush();
  return commands.withState(contractId, (state) => state.version);
}

/** Reads a response body to its end, counting bytes (the bench keeps none of it). */
async function drain(response: Response): Promise<number> {
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

/** The two contracts: 300 participants and a year of facts; 2,000 and about 150,000 facts (85 weeks). */
const CONTRACTS = [
  { citizens: 300, weeks: 52 },
  { citizens: 2_000, weeks: 85 },
];

/**
 * The evaluators' evidence package of a contract with 300 participants and a year of facts, and of
 * one with 2,000 (about 150,000 facts): `GET /contracts/:id/evidence-package` through the service
 * in-process (written to a temporary file while hashed, recorded, streamed), with the process's
 * peak memory while it runs; and the figures and the report of the larger one.
 */
export const evidenceBench: BenchModule = {
  name: 'evidence export',
  async run({ db, log }): Promise<BenchResult[]> {
    log('starting the service in-process');
    const service = await startService(db);
    const rows: TimingRow[] = [];
    try {
      const token = await service.app.get(TokenService).create({ name: 'aarhus-university', role: 'evaluator', contracts: '*' });
      const get = (path: string) => fetch(`http://127.0.0.1:${service.port}${path}`, { headers: { authorization: `Bearer ${token}` } });
      for (const { citizens, weeks } of CONTRACTS) {
        const contractId = `bench-evidence-${citizens}`;
        log(`recording ${weeks} weeks of facts for ${citizens} participants (set-up, not measured)`);
        const began = performance.now();
        const facts = await recordContract(service, contractId, citizens, weeks);
        log(`${facts.toLocaleString('en-US')} events recorded in ${((performance.now() - began) / 1000).toFixed(1)} s; exporting`);
        await drain(await get(`/contracts/${contractId}/evidence-package`)); // warm-up
        const samplesMs: number[] = [];
        let bytes = 0;
        let peak = { rssBefore: 0, rssPeak: 0, heapPeak: 0 };
        for (let round = 0; round < 3; round++) {
          const started = performance.now();
          const measured = await withPeakMemory(async () => {
            const response = await get(`/contracts/${contractId}/evidence-package`);
            if (response.status !== 200) throw new Error(`the export answered ${response.status}`);
            return drain(response);
          });
          samplesMs.push(performance.now() - started);
          bytes = measured.result;
          if (measured.rssPeak - measured.rssBefore >= peak.rssPeak - peak.rssBefore) peak = measured;
        }
        rows.push({
          kind: 'timing',
          operation: `export the evidence package of a contract with ${citizens.toLocaleString('en-US')} participants and ${weeks} weeks of facts (${facts.toLocaleString('en-US')} events), over HTTP`,
          samplesMs,
          per: { count: facts, unit: 'event' },
          notes: [
            `package ${(bytes / 2 ** 20).toFixed(1)} MiB`,
            `peak memory of the service's process while exporting: RSS ${mib(peak.rssPeak)} (${mib(peak.rssBefore)} before, +${mib(peak.rssPeak - peak.rssBefore)}), heap ${mib(peak.heapPeak)}`,
          ],
        });
        if (citizens === 2_000) {
          for (const [what, path] of [['the figures', 'figures'], ['the report', 'report']] as const) {
            const times: number[] = [];
            for (let round = 0; round < 3; round++) {
              const started = performance.now();
              const response = await get(`/contracts/${contractId}/${path}`);
              if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
              await drain(response);
              times.push(performance.now() - started);
            }
            rows.push({ kind: 'timing', operation: `${what} of that contract (GET /contracts/:id/${path})`, samplesMs: times });
          }
        }
      }
    } finally {
      await service.close();
    }
    return rows;
  },
};
