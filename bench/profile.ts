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

/**
 * What a request's CPU is spent on, by component: a sample goes to the component of the deepest
 * frame that belongs to one (so a socket write goes to whoever wrote: the pg driver, the response).
 */
const COMPONENTS: Array<[RegExp, string]> = [
  [/node_modules\/(pino|pino-http|nestjs-pino|pino-std-serializers|sonic-boom)\//, 'logging (pino request log)'],
  [
    /node_modules\/(class-validator|class-transformer|validator)\/|common\/(validation\.pipe|request-input\.pipe|dto-input\.check|dto-rules\.check|dto-fields|validation-errors|participant-id\.pipe)|node_modules\/@nestjs\/common\/pipes\//,
    'validation (pipes, class-validator/transformer, input checks)',
  ],
  [/common\/(declared-inputs\.interceptor|heavy-read\.limit|command-response|route-arguments)/, 'interceptors (apps/api/src/common)'],
  [/libs\/auth\/|api\/src\/edge\/(active-tokens|known-good-tokens)|caller\.decorator/, 'auth guard, token lookup'],
  [/rate-limit|edge-protection|security-headers|http-timeouts|request-envelope|body-media-type/, 'edge hooks (rate limits, headers, media type, path)'],
  [/json-body\.parser|untrusted-json|node_modules\/secure-json-parse\//, 'body parsing (JSON)'],
  [/common\/idempotency-key/, 'Idempotency-Key, command id'],
  [/api\/src\/contracts\//, 'controller, command sender'],
  [/node_modules\/@nestjs\/cqrs\//, 'CommandBus'],
  [/libs\/contracts\//, 'contract command handler'],
  [/libs\/domain\//, 'domain (decide, evolve)'],
  [/libs\/event-store\/src\/postgres\/decider-runner\//, 'decider runner (batching, planning)'],
  [/libs\/event-store\//, 'event store (the append)'],
  [/node_modules\/(pg|pg-pool|pg-protocol|pg-types)\//, 'pg driver (statements, results)'],
  [/fastify\/lib\/reply|fastify\/lib\/error-handler|router-response-controller|node:_http_outgoing/, 'response (serialise, write)'],
  [/node_modules\/(fastify|find-my-way|avvio|@fastify\/[a-z-]+)\//, 'fastify (routing, hooks)'],
  [/node_modules\/(@nestjs\/core|@nestjs\/platform-fastify|rxjs)\//, 'Nest (router, guards and interceptors machinery, rxjs)'],
  [/node:_http_server|node:_http_common|node:_http_incoming/, 'node:http (request parsing)'],
];

export interface TimedProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

/**
 * CPU time (ms) by component of the samples taken between `from` and `to` (microseconds of the
 * monotonic clock, as `process.hrtime` and V8's profiles count them); idle time left out.
 */
export function byComponent(profile: TimedProfile, from: number, to: number): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const component = new Map<number, string>();
  const componentOf = (id: number): string => {
    let known = component.get(id);
    if (known === undefined) {
      const { url, functionName } = nodes.get(id)!.callFrame;
      const own = COMPONENTS.find(([pattern]) => pattern.test(url))?.[1];
      const parent = parents.get(id);
      known =
        own ??
        (functionName === '(garbage collector)'
          ? 'garbage collector'
          : functionName === '(program)'
            ? 'V8, not attributed'
            : parent === undefined
              ? 'other'
              : componentOf(parent));
      component.set(id, known);
    }
    return known;
  };
  const totals = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to || nodes.get(id)!.callFrame.functionName === '(idle)') return;
    const name = componentOf(id);
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

/** Now on the monotonic clock, in microseconds (the clock of V8's profiles). */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** A markdown table of `byComponent` per request: ms of CPU per fact and share, largest first. */
export function componentTable(totals: Map<string, number>, facts: number): string {
  const sum = [...totals.values()].reduce((a, b) => a + b, 0);
  const lines = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `| ${name} | ${(ms / facts).toFixed(3)} | ${((ms / sum) * 100).toFixed(1)}% |`);
  return ['| where | ms of CPU per fact | share |', '|---|---:|---:|', ...lines, `| all | ${(sum / facts).toFixed(3)} | 100% |`].join('\n');
}
