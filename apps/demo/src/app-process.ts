import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The demo runs the service and the CLI as their users do: their built entries
// (dist/apps/<app>/src/main.js, which `npm run demo` builds), each in a process of its own. The
// benchmarks run the API and the worker this way too (bench/service-processes.ts).

const entryOf = (app: 'api' | 'worker' | 'cli'): string => fileURLToPath(new URL(`../../${app}/src/main.js`, import.meta.url));

/** The variables a process of ours needs besides the service's configuration. */
const processEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR });

export interface ApiProcess {
  baseUrl: string;
  /** The service's process id (its memory can be read in /proc/<pid>). */
  pid: number;
  /** Stops the service (SIGTERM: it closes its database, the embedded one included) and waits for its exit. */
  stop(): Promise<void>;
}

/** Starts `npm start`'s entry with this configuration (and Node's `flags`) and waits until GET /health answers 200. */
export async function startApiProcess(settings: Record<string, string>, host: string, port: number, flags: readonly string[] = []): Promise<ApiProcess> {
  const child = spawn(process.execPath, [...flags, entryOf('api')], {
    env: { ...processEnv(), ...settings, HOST: host, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group: Ctrl-C reaches the demo only, which finishes its request, then stops the service.
    detached: true,
  });
  const orphaned = () => child.kill('SIGTERM');
  process.on('exit', orphaned);
  const exited = once(child, 'exit').finally(() => process.off('exit', orphaned));
  const baseUrl = `http://${host}:${port}`;
  const stop = () => stopProcess(child, exited);
  try {
    await untilHealthy(baseUrl, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, pid: child.pid!, stop };
}

export interface WorkerProcess {
  pid: number;
  /** Stops the worker (SIGTERM: its subscriptions save their checkpoints) and waits for its exit. */
  stop(): Promise<void>;
}

/** Starts `npm run start:worker`'s entry with this configuration and waits until it says it runs. */
export async function startWorkerProcess(settings: Record<string, string>): Promise<WorkerProcess> {
  // Its log at info level is how it says it runs; the rest of its log is read past.
  const child = spawn(process.execPath, [entryOf('worker')], {
    env: { ...processEnv(), ...settings, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const orphaned = () => child.kill('SIGTERM');
  process.on('exit', orphaned);
  const exited = once(child, 'exit').finally(() => process.off('exit', orphaned));
  const stop = () => stopProcess(child, exited);
  const running = new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen = `${seen}${chunk.toString('utf8')}`.slice(-10_000);
      if (seen.includes('worker running')) resolve();
    });
    void exited.then(() => reject(new Error(`the worker exited (${child.exitCode ?? child.signalCode}) before it ran`)));
  });
  try {
    await running;
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid!, stop };
}

async function untilHealthy(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the service exited (${child.exitCode ?? child.signalCode}) before it answered`);
    const healthy = await fetch(new URL('/health', baseUrl)).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the service did not answer GET ${baseUrl}/health within 2 minutes`);
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await exited;
}

/** Runs one CLI command (`npm run cli -- <args>`, `env` e.g. OUTCOMES_TOKEN); its output lines, or an error that holds them. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [entryOf('cli'), ...args], { env: { ...processEnv(), ...env } });
    return stdout.split('\n').filter((line) => line !== '');
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run cli -- ${args.slice(0, 2).join(' ')} failed: ${`${stdout}${stderr}`.trim()}`, { cause: error });
  }
}
