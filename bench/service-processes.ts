import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchDatabase } from './database.js';
import { profiling, type TimedProfile } from './profile.js';
import { type BenchService, startService } from './service.js';

/**
 * The production setup the README recommends: the API (`npm start`, RUN_PROJECTIONS=false) and the
 * worker (`npm run start:worker`: projections and the ledger's sequencer) as two processes of
 * their own on one fresh database. Set-up (tokens, contracts, enrolments) goes through a service
 * in the bench's process on the same database, without projections, idle while measuring.
 */
export interface ServiceProcesses extends BenchService {
  /** The API's and the worker's process ids (their CPU is read from /proc while measuring). */
  pids: { api: number; worker: number };
  /** With BENCH_PROFILE=1, once closed: the API's CPU profile over its whole life (`--cpu-prof`). */
  profile(): TimedProfile | undefined;
}

const DIST = fileURLToPath(new URL('../', import.meta.url));

async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until the API answers /health (it migrates and loads first). */
async function healthy(port: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the API process ended (${child.exitCode}) before listening`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the API process did not answer /health within 60 s');
}

function launch(script: string, env: Record<string, string>, flags: string[] = []): ChildProcess {
  return spawn(process.execPath, [...flags, `${DIST}${script}`], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export async function startServiceProcesses(db: BenchDatabase, env: Record<string, string> = {}): Promise<ServiceProcesses> {
  const setup = await startService(db, { ...env, RUN_PROJECTIONS: 'false' });
  const children: ChildProcess[] = [];
  try {
    const port = await freePort();
    const shared = { ...setup.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1' };
    const worker = launch('apps/worker/src/main.js', shared);
    children.push(worker);
    // BENCH_PROFILE=1: the API's CPU profile over its whole life, written into its own folder when it stops.
    const profileDir = profiling() ? mkdtempSync(join(tmpdir(), 'bench-api-profile-')) : undefined;
    const flags = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
    const api = launch('apps/api/src/main.js', { ...shared, PORT: String(port), RUN_PROJECTIONS: 'false' }, flags);
    children.push(api);
    await healthy(port, api);
    return {
      ...setup,
      port,
      pids: { api: api.pid!, worker: worker.pid! },
      profile: () => {
        const file = profileDir === undefined ? undefined : readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
        return file === undefined ? undefined : (JSON.parse(readFileSync(join(profileDir!, file), 'utf8')) as TimedProfile);
      },
      close: async () => {
        for (const child of children.reverse()) await stop(child);
        await setup.close();
      },
    };
  } catch (error) {
    for (const child of children) await stop(child).catch(() => undefined);
    await setup.close().catch(() => undefined);
    throw error;
  }
}
