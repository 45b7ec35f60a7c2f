import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/**
 * The heavy-reads benchmark's clients, in a process of their own (so that their work does not
 * land on the service's event loop): each download drained to its end while /health is asked
 * every HEALTH_EVERY_MS. A probe's latency counts from when it was due, so a probe that could not
 * even be sent on time still shows the wait, including the wait for this process's own event loop,
 * busy draining the downloads (its delay is sent too). Sends { health, downloads, clientLoopMs } to the parent.
 */
const HEALTH_EVERY_MS = 20;

interface Job {
  baseUrl: string;
  downloads: Array<{ path: string; token: string }>;
}

interface Download {
  path: string;
  status: number;
  bytes: number;
  ms: number;
  error?: string;
}

async function download(baseUrl: string, path: string, token: string): Promise<Download> {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    return { path, status: response.status, bytes, ms: performance.now() - started };
  } catch (error) {
    return { path, status: 0, bytes: 0, ms: performance.now() - started, error: String(error) };
  }
}

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

process.once('message', (job: Job) => {
  void (async () => {
    const until = { done: false };
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const health = probeHealth(job.baseUrl, until);
    const downloads = await Promise.all(job.downloads.map((d) => download(job.baseUrl, d.path, d.token)));
    until.done = true;
    const latencies = await health;
    loopDelay.disable();
    const clientLoopMs = { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
    process.send!({ health: latencies, downloads, clientLoopMs }, () => process.exit(0));
  })();
});
