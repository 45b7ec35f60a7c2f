import { performance } from 'node:perf_hooks';
import { trackLoopDelay } from './loop-delay.js';

/**
 * The heavy-reads benchmark's /health probe, in a process that does nothing else, so that a
 * probe's latency is the service's and not the wait for a client's busy event loop: /health asked
 * every HEALTH_EVERY_MS from the { baseUrl } message until the 'stop' message. A probe's latency
 * counts from when it was due, so a probe that could not be sent on time still shows the wait.
 * Sends { health, loopMs } (this process's own loop delay, which should stay small) to the parent.
 */
const HEALTH_EVERY_MS = 20;

async function probeHealth(baseUrl: string, until: { done: boolean }): Promise<number[]> {
  const latencies: number[] = [];
  let due = performance.now();
  while (!until.done) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      await (await fetch(`${baseUrl}/health`)).arrayBuffer();
    } catch {
      // A kept-alive connection the service closed as the probe was sent: the next probe opens another.
    }
    latencies.push(performance.now() - due);
    due = Math.max(due + HEALTH_EVERY_MS, performance.now());
  }
  return latencies;
}

process.once('message', ({ baseUrl }: { baseUrl: string }) => {
  const until = { done: false };
  const loopDelay = trackLoopDelay();
  const health = probeHealth(baseUrl, until);
  process.once('message', () => {
    until.done = true;
    void health.then((latencies) => {
      process.send!({ health: latencies, loopMs: loopDelay() }, () => process.exit(0));
    });
  });
});
