import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type ApiProcess, startApiProcess, startWorkerProcess, type WorkerProcess } from '../apps/demo/src/app-process.js';
import { findFreePort } from '#database';
import { profiling, type TimedProfile } from './profile.js';

/**
 * The service as the README has it run in production, for a bench: the API (`npm start`'s entry,
 * RUN_PROJECTIONS=false) and the worker (`npm run start:worker`'s entry: projections and the
 * ledger's sequencer), each a process of its own, on the database `settings` name (the API
 * started first: it applies the migrations the worker then finds done).
 */
export class ServiceProcesses {
  private constructor(
    private api: ApiProcess,
    private readonly worker: WorkerProcess,
    private readonly settings: Record<string, string>,
    readonly port: number,
    private readonly profileDir: string | undefined,
  ) {}

  /** With BENCH_PROFILE=1, the API records its CPU profile over its whole life (`--cpu-prof`), read by `profile()` once stopped. */
  static async start(settings: Record<string, string>): Promise<ServiceProcesses> {
    const port = await findFreePort();
    const profileDir = profiling() ? mkdtempSync(join(tmpdir(), 'bench-api-profile-')) : undefined;
    const flags = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
    const api = await startApiProcess({ ...settings, RUN_PROJECTIONS: 'false' }, '127.0.0.1', port, flags);
    try {
      const worker = await startWorkerProcess(settings);
      return new ServiceProcesses(api, worker, settings, port, profileDir);
    } catch (error) {
      await api.stop();
      throw error;
    }
  }

  get baseUrl(): string {
    return this.api.baseUrl;
  }

  /** The API's and the worker's process ids (their CPU and memory are read from /proc). */
  get pids(): { api: number; worker: number } {
    return { api: this.api.pid, worker: this.worker.pid };
  }

  /** Stops the API (SIGTERM: requests in flight finish) and starts it again; the time until it answered `/health`. */
  async restartApi(): Promise<number> {
    await this.api.stop();
    const began = performance.now();
    this.api = await startApiProcess({ ...this.settings, RUN_PROJECTIONS: 'false' }, '127.0.0.1', this.port);
    return performance.now() - began;
  }

  /** With BENCH_PROFILE=1, once stopped: the API's CPU profile. */
  profile(): TimedProfile | undefined {
    const dir = this.profileDir;
    const file = dir === undefined ? undefined : readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    return file === undefined ? undefined : (JSON.parse(readFileSync(join(dir!, file), 'utf8')) as TimedProfile);
  }

  async stop(): Promise<void> {
    try {
      await this.worker.stop();
    } finally {
      await this.api.stop();
    }
  }
}
