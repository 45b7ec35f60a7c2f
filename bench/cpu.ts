import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type pg from 'pg';

/**
 * Where the CPU time of a measured stretch went: this Node process (the service in-process, and
 * the benchmark's clients unless they run in their own process: see `clients.ts`), how busy its
 * event loop was, the clients' process when they have one, and the bench's PostgreSQL server's
 * processes when they run on this machine (read from /proc; absent elsewhere).
 */
export interface CpuSnapshot {
  at: number;
  node: NodeJS.CpuUsage;
  loop: EventLoopUtilization;
  /** CPU clock ticks so far of each postgres process (by pid); undefined without /proc. */
  postgresTicks: Map<string, number> | undefined;
}

/** CPU of another Node process over the same stretch (the HTTP clients' own process). */
export interface ProcessCpu {
  /** Its CPU time as a share of one core. */
  cores: number;
  /** Share of the time its event loop was busy. */
  eventLoop: number;
}

export interface CpuUse {
  seconds: number;
  /** CPU time of this process as a share of one core (1 = one core fully busy). */
  nodeCores: number;
  /** Share of the time the event loop was busy (1 = never idle: the process's main thread is the limit). */
  eventLoop: number;
  /** CPU time of the bench server's processes as a share of one core (see watchPostgres). */
  postgresCores: number | undefined;
  /** The HTTP clients' own process, when they run there (then `nodeCores` is the service's process alone). */
  clients?: ProcessCpu;
  /**
   * The service as the API and worker processes of its own (`service-processes.ts`): then
   * `nodeCores` is the API's process (its event loop is not seen from here: `eventLoop` is NaN)
   * and this the worker's, as a share of one core.
   */
  workerCores?: number;
}

/** utime + stime so far of another process on this machine, in seconds (0 once it has ended). */
export function processCpuSeconds(pid: number): number {
  try {
    const { fields } = statFields(String(pid));
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return 0;
  }
}

let ticksPerSecond: number | undefined;
/** The bench's PostgreSQL server (its postmaster's pid), when it runs on this machine; see watchPostgres. */
let postmaster: string | undefined;

function statFields(pid: string): { name: string; fields: string[] } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = stat.lastIndexOf(')');
  // The fields after the name start at field 3 (state): ppid is field 4, utime and stime 14 and 15.
  return { name: stat.slice(stat.indexOf('(') + 1, close), fields: stat.slice(close + 2).split(' ') };
}

/**
 * Finds the server behind the pool (the parent of one of its backends) so that only its processes
 * are counted, not those of other PostgreSQL servers on the machine (a test run's, say). When the
 * backend is not visible here (a server elsewhere), PostgreSQL's CPU is not reported.
 */
export async function watchPostgres(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  try {
    postmaster = statFields(String(rows[0].pid)).fields[1];
  } catch {
    postmaster = undefined;
  }
}
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of the bench server's processes (postmaster and children), in clock ticks; undefined when not known. */
function postgresTicks(): Map<string, number> | undefined {
  if (postmaster === undefined) return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  const ticks = new Map<string, number>();
  for (const pid of pids) {
    try {
      const { fields } = statFields(pid);
      if (pid !== postmaster && fields[1] !== postmaster) continue;
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      /* the process ended meanwhile */
    }
  }
  return ticks.size > 0 ? ticks : undefined;
}

export function cpuSnapshot(): CpuSnapshot {
  return { at: performance.now(), node: process.cpuUsage(), loop: performance.eventLoopUtilization(), postgresTicks: postgresTicks() };
}

export function cpuSince(start: CpuSnapshot, end: CpuSnapshot = cpuSnapshot()): CpuUse {
  const seconds = (end.at - start.at) / 1000;
  const nodeMicros = end.node.user - start.node.user + end.node.system - start.node.system;
  let pg: number | undefined;
  if (start.postgresTicks !== undefined && end.postgresTicks !== undefined) {
    // Per process: one that ended meanwhile (an idle connection closed) takes its ticks along, so
    // only processes alive at the end count (a process started meanwhile with all of its ticks).
    let ticks = 0;
    for (const [pid, now] of end.postgresTicks) ticks += Math.max(0, now - (start.postgresTicks.get(pid) ?? 0));
    pg = ticks / clockTicks() / seconds;
  }
  return {
    seconds,
    nodeCores: nodeMicros / 1e6 / seconds,
    eventLoop: performance.eventLoopUtilization(end.loop, start.loop).utilization,
    postgresCores: pg,
  };
}

/**
 * E.g. "Node 90% of a core (event loop busy 98%; 1.94 ms per event), PostgreSQL 56% of a core (1.21 ms per event)";
 * with the clients in their own process, "service's process (Node) ..., clients' process (Node) ..., PostgreSQL ...".
 */
export function describeCpu(use: CpuUse, eventsPerSecond?: number): string {
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const perEvent = (cores: number): string => (eventsPerSecond ? `; ${((cores / eventsPerSecond) * 1000).toFixed(2)} ms per event` : '');
  const pg =
    use.postgresCores === undefined
      ? 'PostgreSQL n/a (server not on this machine)'
      : `PostgreSQL ${pct(use.postgresCores)} of a core${perEvent(use.postgresCores).replace('; ', ' (')}${eventsPerSecond ? ')' : ''}`;
  if (use.clients && use.workerCores !== undefined) {
    return (
      `API process (Node) ${pct(use.nodeCores)} of a core${perEvent(use.nodeCores).replace('; ', ' (')}${eventsPerSecond ? ')' : ''}, ` +
      `worker process (Node: projections, sequencer) ${pct(use.workerCores)} of a core${perEvent(use.workerCores).replace('; ', ' (')}${eventsPerSecond ? ')' : ''}, ` +
      `clients' own process (Node) ${pct(use.clients.cores)} of a core (event loop busy ${pct(use.clients.eventLoop)}${perEvent(use.clients.cores)}), ${pg}`
    );
  }
  if (use.clients) {
    return (
      `service's process (Node) ${pct(use.nodeCores)} of a core (event loop busy ${pct(use.eventLoop)}${perEvent(use.nodeCores)}), ` +
      `clients' own process (Node) ${pct(use.clients.cores)} of a core (event loop busy ${pct(use.clients.eventLoop)}${perEvent(use.clients.cores)}), ${pg}`
    );
  }
  return `Node ${pct(use.nodeCores)} of a core (event loop busy ${pct(use.eventLoop)}${perEvent(use.nodeCores)}), ${pg}`;
}
