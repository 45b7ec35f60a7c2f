import { performance } from 'node:perf_hooks';
import { trackLoopDelay } from './loop-delay.js';

/**
 * The heavy-reads benchmark's downloads, in a process of their own: each drained to its end.
 * /health is probed from another process (heavy-reads-probe.process.ts), as draining some 600 MiB
 * delays this process's own event loop (its delay is sent too). Sends { downloads, loopMs } to the parent.
 */
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

process.once('message', (job: Job) => {
  void (async () => {
    const loopDelay = trackLoopDelay();
    const downloads = await Promise.all(job.downloads.map((d) => download(job.baseUrl, d.path, d.token)));
    process.send!({ downloads, loopMs: loopDelay() }, () => process.exit(0));
  })();
});
