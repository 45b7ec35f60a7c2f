import { performance } from 'node:perf_hooks';
import { cpuSince, cpuSnapshot, type CpuUse } from './cpu.js';
import { runLoops } from './loops.js';

/**
 * Something to measure: one function per concurrent loop. Each call performs one operation (one
 * round trip, one HTTP request, one page read, ...) and resolves to the number of events it wrote
 * or read. Loops keep their state (stream versions, read cursors) across rounds.
 */
export interface Workload {
  readonly label: string;
  readonly loops: ReadonlyArray<() => Promise<number>>;
  /**
   * Instead of `loops` here: runs one round elsewhere (the HTTP clients in their own process, see
   * `clients.ts`) for `ms` and returns it, timed the same way.
   */
  readonly run?: (ms: number) => Promise<Sample>;
}

/** One timed round of a workload. */
export interface Sample {
  events: number;
  operations: number;
  seconds: number;
  /** Duration of every operation, in milliseconds. */
  latenciesMs: number[];
  /** Where the CPU time of the round went. */
  cpu?: CpuUse;
}

/** Runs every loop of the workload concurrently until `ms` have passed (operations under way finish). */
export async function runFor(workload: Workload, ms: number): Promise<Sample> {
  if (workload.run) return workload.run(ms);
  const cpuAtStart = cpuSnapshot();
  const { events, seconds, latenciesMs } = await runLoops(workload.loops, ms);
  return { events, operations: latenciesMs.length, seconds, latenciesMs, cpu: cpuSince(cpuAtStart) };
}

/** The rounds of one workload measured so far, and what they add up to. */
export class Throughput {
  readonly samples: Sample[] = [];

  constructor(readonly label: string) {}

  add(sample: Sample): void {
    this.samples.push(sample);
  }

  get events(): number {
    return this.samples.reduce((sum, s) => sum + s.events, 0);
  }

  get seconds(): number {
    return this.samples.reduce((sum, s) => sum + s.seconds, 0);
  }

  /** Total events over total time of all rounds. */
  get eventsPerSecond(): number {
    return this.seconds === 0 ? 0 : this.events / this.seconds;
  }

  get roundRates(): number[] {
    return this.samples.map((s) => s.events / s.seconds);
  }

  /** CPU use over all rounds (weighted by their time); undefined when no round recorded it. */
  get cpu(): CpuUse | undefined {
    const rounds = this.samples.filter((s) => s.cpu !== undefined).map((s) => s.cpu!);
    const seconds = rounds.reduce((sum, c) => sum + c.seconds, 0);
    if (rounds.length === 0 || seconds === 0) return undefined;
    const mean = (pick: (c: CpuUse) => number): number => rounds.reduce((sum, c) => sum + pick(c) * c.seconds, 0) / seconds;
    const pgKnown = rounds.every((c) => c.postgresCores !== undefined);
    const clientsKnown = rounds.every((c) => c.clients !== undefined);
    const workerKnown = rounds.every((c) => c.workerCores !== undefined);
    return {
      seconds,
      nodeCores: mean((c) => c.nodeCores),
      eventLoop: mean((c) => c.eventLoop),
      postgresCores: pgKnown ? mean((c) => c.postgresCores!) : undefined,
      clients: clientsKnown ? { cores: mean((c) => c.clients!.cores), eventLoop: mean((c) => c.clients!.eventLoop) } : undefined,
      workerCores: workerKnown ? mean((c) => c.workerCores!) : undefined,
    };
  }

  /** Operation latency percentile (0..100) over all rounds, in milliseconds. */
  latencyMs(percentile: number): number {
    const all = this.samples.flatMap((s) => s.latenciesMs).sort((a, b) => a - b);
    if (all.length === 0) return Number.NaN;
    const index = Math.min(all.length - 1, Math.max(0, Math.ceil((percentile / 100) * all.length) - 1));
    return all[index];
  }
}

export interface MeasureSettings {
  /** Total measured time per workload, split into `rounds`. */
  measureMs: number;
  rounds: number;
  /** Unmeasured run before the first round. */
  warmupMs: number;
}

/** Warms up, then measures `rounds` rounds of one workload on its own. */
export async function measureAlone(workload: Workload, into: Throughput, settings: MeasureSettings): Promise<void> {
  await runFor(workload, settings.warmupMs);
  const roundMs = settings.measureMs / settings.rounds;
  for (let round = 0; round < settings.rounds; round++) into.add(await runFor(workload, roundMs));
}

/**
 * Measures workloads in alternating rounds, in the order given and then reversed (A B C, C B A,
 * A B C, ...; for two: A B, B A), so that drift in the machine or in the tables' size weighs on all
 * alike and their ratios are steadier than separate long runs.
 */
export async function measureAlternating(sides: ReadonlyArray<{ workload: Workload; into: Throughput }>, settings: MeasureSettings): Promise<void> {
  for (const side of sides) await runFor(side.workload, settings.warmupMs);
  const roundMs = settings.measureMs / settings.rounds;
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) side.into.add(await runFor(side.workload, roundMs));
  }
}

/** Durations in ms of calls of an in-process function, for `measureMs` after `warmupMs` of warm-up. */
export function timeCalls(call: () => unknown, warmupMs: number, measureMs: number): number[] {
  const warmUntil = performance.now() + warmupMs;
  while (performance.now() < warmUntil) call();
  const samples: number[] = [];
  const until = performance.now() + measureMs;
  while (performance.now() < until) {
    const began = performance.now();
    call();
    samples.push(performance.now() - began);
  }
  return samples;
}

/** Durations in ms of calls of an async function made one after another (never two at once), like timeCalls. */
export async function timeSequentialCalls(call: () => Promise<unknown>, warmupMs: number, measureMs: number): Promise<number[]> {
  const warmUntil = performance.now() + warmupMs;
  while (performance.now() < warmUntil) await call();
  const samples: number[] = [];
  const until = performance.now() + measureMs;
  while (performance.now() < until) {
    const began = performance.now();
    await call();
    samples.push(performance.now() - began);
  }
  return samples;
}
