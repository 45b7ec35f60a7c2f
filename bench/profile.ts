import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Where the time went, by package (node_modules) or source folder, self time only. */
function byPackage(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): Array<[string, number]> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let sum = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const { url, functionName } = nodes.get(id)!.callFrame;
    const key =
      /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      /\/dist\/((?:libs|apps)\/[^/]+|bench)\//.exec(url)?.[1] ??
      (url.startsWith('node:') ? 'node (built-in modules)' : functionName || '(native)');
    totals.set(key, (totals.get(key) ?? 0) + delta);
    sum += delta;
  });
  return [...totals.entries()].map(([key, t]): [string, number] => [key, t / sum]).sort((a, b) => b[1] - a[1]);
}

/** Whether BENCH_PROFILE=1 asks for CPU profiles. */
export function profiling(): boolean {
  return process.env.BENCH_PROFILE === '1';
}

/**
 * With BENCH_PROFILE=1: a CPU profile of this process while `run` runs, written to the temporary
 * folder (open it in Chrome DevTools or VS Code), and the top of the self time by package logged.
 * Without it, just runs `run`. Profiling slows the process: never on for the figures reported.
 */
export async function profiled<T>(name: string, log: (message: string) => void, run: () => Promise<T>): Promise<T> {
  if (!profiling()) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = join(tmpdir(), `bench-${name}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    const top = byPackage(profile as never)
      .slice(0, 15)
      .map(([key, share]) => `${(share * 100).toFixed(1)}% ${key}`);
    log(`CPU profile of ${name}: ${file}\n  self time by package: ${top.join(', ')}`);
  }
}
