import { performance } from 'node:perf_hooks';

export interface LoopsResult {
  /** Events the operations reported. */
  events: number;
  seconds: number;
  /** One latency per operation. */
  latenciesMs: number[];
}

/** Runs every loop concurrently until `ms` have passed (operations under way finish). */
export async function runLoops(loops: ReadonlyArray<() => Promise<number>>, ms: number): Promise<LoopsResult> {
  const start = performance.now();
  const deadline = start + ms;
  const latenciesMs: number[] = [];
  let events = 0;
  await Promise.all(
    loops.map(async (operation) => {
      while (performance.now() < deadline) {
        const began = performance.now();
        // Not `events += await ...`: that reads `events` before the await and loses other loops' counts.
        const done = await operation();
        events += done;
        latenciesMs.push(performance.now() - began);
      }
    }),
  );
  return { events, seconds: (performance.now() - start) / 1000, latenciesMs };
}
