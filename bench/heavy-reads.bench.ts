import { type ChildProcess, fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { TokenService } from '#auth';
import { CommandBus } from '@nestjs/cqrs';
import { SignCheckpoint } from '#ledger/service/index.js';
import type { BenchModule, BenchResult } from './bench-module.js';
import { type LoopDelayMs, loopDelayText, trackLoopDelay } from './loop-delay.js';
import { startService } from './service.js';
import { recordContract } from './synthetic-contract.js';

/** 2,000 participants over 85 weeks: about 150,000 events (the evidence bench's larger contract). */
const CITIZENS = 2_000;
const WEEKS = 85;
const EXPORTS = 4;
const REPORTS = 4;
const HEALTH_P99_TARGET_MS = 50;
const RSS_GROWTH_TARGET_MIB = 100;

interface LoadResult {
  health: number[];
  downloads: Array<{ path: string; status: number; bytes: number; ms: number; error?: string }>;
  /** The probing process's own event-loop delay: it does nothing else, so this should stay small. */
  probeLoopMs: LoopDelayMs;
  /** The downloading process's event-loop delay (it drains some 600 MiB): why it does not probe. */
  downloadsLoopMs: LoopDelayMs;
}

/** A benchmark process (heavy-reads-*.process.ts) of its own, its first message from it as the answer. */
function forkProcess<T>(name: string): { child: ChildProcess; answer: Promise<T> } {
  const child = fork(fileURLToPath(new URL(`./heavy-reads-${name}.process.js`, import.meta.url)), [], { stdio: 'inherit' });
  const answer = new Promise<T>((resolve, reject) => {
    child.once('message', (result) => resolve(result as T));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the ${name} process exited with ${code}`))));
  });
  return { child, answer };
}

/**
 * Runs the downloads in one process (heavy-reads-downloads.process.ts) while another, which does
 * nothing else (heavy-reads-probe.process.ts), probes /health: a probe then waits for the service,
 * not for a client's loop busy with the downloads.
 */
async function runLoad(baseUrl: string, downloads: Array<{ path: string; token: string }>): Promise<LoadResult> {
  const probe = forkProcess<{ health: number[]; loopMs: LoopDelayMs }>('probe');
  const load = forkProcess<{ downloads: LoadResult['downloads']; loopMs: LoopDelayMs }>('downloads');
  probe.child.send({ baseUrl });
  load.child.send({ baseUrl, downloads });
  try {
    const loaded = await load.answer;
    probe.child.send('stop');
    const probed = await probe.answer;
    return { health: probed.health, downloads: loaded.downloads, probeLoopMs: probed.loopMs, downloadsLoopMs: loaded.loopMs };
  } finally {
    probe.child.kill();
    load.child.kill();
  }
}

const mib = (bytes: number) => bytes / 2 ** 20;

/** A checkpoint over the whole contract: SignCheckpoint waits 10 s for the sequencer, which may still be behind so many facts. */
async function signedAtLast(commandBus: CommandBus, log: (message: string) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await commandBus.execute(new SignCheckpoint());
      return;
    } catch (error) {
      if (attempt === 30) throw error;
      log(`the sequencer is still behind (${(error as Error).message}); waiting`);
    }
  }
}

/**
 * Heavy reads must not stall the service: a contract of about 150,000 events, then 4 audit
 * exports and 4 reports of it at once (each by a principal of its own) from a separate process,
 * while a third process, which does nothing else, asks /health every 20 ms; /health's p99 and the service's RSS growth (sampled
 * every 10 ms, from just before the downloads) are the figures. `BENCH_ONLY=heavy` runs it alone.
 */
export const heavyReadsBench: BenchModule = {
  name: 'heavy reads',
  async run({ db, log }): Promise<BenchResult[]> {
    log('starting the service in-process');
    const service = await startService(db);
    try {
      const contractId = 'bench-heavy-reads';
      log(`recording ${WEEKS} weeks of facts for ${CITIZENS} participants (set-up, not measured)`);
      const began = performance.now();
      const events = await recordContract(service, contractId, CITIZENS, WEEKS);
      await signedAtLast(service.app.get(CommandBus), log);
      log(`${events.toLocaleString('en-US')} events recorded and signed in ${((performance.now() - began) / 1000).toFixed(1)} s`);
      const tokens = service.app.get(TokenService);
      const downloads: Array<{ path: string; token: string }> = [];
      for (let i = 0; i < EXPORTS; i++) {
        downloads.push({
          path: `/contracts/${contractId}/audit-export`,
          token: await tokens.create({ name: `bench-auditor-${i}`, role: 'auditor', contracts: '*' }),
        });
      }
      for (let i = 0; i < REPORTS; i++) {
        downloads.push({
          path: `/contracts/${contractId}/report`,
          token: await tokens.create({ name: `bench-evaluator-${i}`, role: 'evaluator', contracts: '*' }),
        });
      }
      const baseUrl = `http://127.0.0.1:${service.port}`;
      log('warm-up: one export and one report');
      const warm = await runLoad(baseUrl, [downloads[0], downloads[EXPORTS]]);
      const failed = warm.downloads.find((d) => d.status !== 200);
      if (failed) throw new Error(`${failed.path} answered ${failed.status} ${failed.error ?? ''}`);

      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
      // The service's own event loop (it runs in this process): tells its stalls from the database's waits.
      const stopLoopDelay = trackLoopDelay();
      let serviceLoopMs: LoopDelayMs | undefined;
      log(`${EXPORTS} audit exports and ${REPORTS} reports at once, /health asked every 20 ms`);
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const load = await runLoad(baseUrl, downloads).finally(() => {
        clearInterval(sampler);
        serviceLoopMs = stopLoopDelay();
      });
      const wallMs = performance.now() - started;
      // The work done, which the shared machine's load changes less than the wall time.
      const cpu = process.cpuUsage(cpuBefore);
      // A download that failed is reported, not thrown: /health's figures still tell what the others did to it.
      const failedDownloads = load.downloads
        .filter((d) => d.status !== 200)
        .map((d) => `${d.path} after ${(d.ms / 1000).toFixed(1)} s: ${d.status || d.error}`);

      const sorted = [...load.health].sort((a, b) => a - b);
      const p99 = sorted[Math.ceil(0.99 * sorted.length) - 1];
      const growth = mib(rssPeak - rssBefore);
      const exportBytes = Math.max(...load.downloads.filter((d) => d.path.endsWith('audit-export')).map((d) => d.bytes));
      const times = (suffix: string) =>
        load.downloads
          .filter((d) => d.path.endsWith(suffix))
          .map((d) => `${(d.ms / 1000).toFixed(1)} s`)
          .join(', ');
      return [
        {
          kind: 'timing',
          operation: `GET /health while ${EXPORTS} audit exports and ${REPORTS} reports of a ${events.toLocaleString('en-US')}-event contract run at once (p99 ${p99.toFixed(1)} ms)`,
          samplesMs: load.health,
          targetMsPerUnit: HEALTH_P99_TARGET_MS,
          targetPercentile: 99,
          notes: [
            `all ${EXPORTS + REPORTS} downloads in ${(wallMs / 1000).toFixed(1)} s; exports ${times('audit-export')} (${mib(exportBytes).toFixed(1)} MiB each), reports ${times('report')}`,
            `/health p99 ${p99.toFixed(1)} ms, max ${Math.max(...load.health).toFixed(1)} ms over ${load.health.length} probes`,
            `the service's event loop delay meanwhile: ${loopDelayText(serviceLoopMs!)}`,
            `the probing process's own event loop delay (it does nothing else): ${loopDelayText(load.probeLoopMs)}`,
            `the downloading process's event loop delay (not in the probes' latency): ${loopDelayText(load.downloadsLoopMs)}`,
            ...(failedDownloads.length > 0 ? [`FAILED: ${failedDownloads.join('; ')}`] : []),
          ],
        },
        {
          kind: 'timing',
          operation: `those ${EXPORTS + REPORTS} downloads; the service's RSS grew by ${growth.toFixed(0)} MiB (target < ${RSS_GROWTH_TARGET_MIB} MiB: ${growth < RSS_GROWTH_TARGET_MIB ? 'meets' : 'above'})`,
          samplesMs: [wallMs],
          notes: [
            `RSS ${mib(rssBefore).toFixed(0)} MiB before, peak ${mib(rssPeak).toFixed(0)} MiB`,
            `the service's process used ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU seconds (user ${(cpu.user / 1e6).toFixed(1)} s)`,
          ],
        },
      ];
    } finally {
      await service.close();
    }
  },
};
