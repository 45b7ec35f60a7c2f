import { performance } from 'node:perf_hooks';
import { TokenService } from '#auth';
import type { BenchModule, BenchResult, TimingRow } from './bench-module.js';
import { startService } from './service.js';
import { recordContract } from './synthetic-contract.js';

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
          for (const [what, path] of [
            ['the figures', 'figures'],
            ['the report', 'report'],
          ] as const) {
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
