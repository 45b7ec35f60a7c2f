import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type ApiProcess, runCli, startApiProcess, startWorkerProcess, type WorkerProcess } from '../apps/demo/src/app-process.js';
import { findFreePort } from '#database';
import { NoteSigner } from '#ledger';
import type { BenchDatabase } from './database.js';
import { HttpClient } from './http-client.js';

export type ScaleRole = 'commissioner' | 'provider' | 'auditor' | 'evaluator';

const PSEUDONYM_KEY = 'cd'.repeat(32);

/**
 * The service as the README has it run in production: the API (`npm start`'s entry, projections
 * off) and the worker (`npm run start:worker`'s entry: projections and the ledger's sequencer),
 * each a process of its own, on a database of their own on the bench's PostgreSQL server (which
 * outlives a restart of the API, as a production server would).
 */
export class ScaleService {
  readonly pseudonymKey = Buffer.from(PSEUDONYM_KEY, 'hex');

  private constructor(
    private api: ApiProcess,
    private readonly worker: WorkerProcess,
    private readonly settings: Record<string, string>,
    private readonly port: number,
    readonly databaseUrl: string,
    readonly tokens: Record<ScaleRole, string>,
    private readonly dataDir: string,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(db: BenchDatabase): Promise<ScaleService> {
    const database = await db.createDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'ov-bench-scale-'));
    chmodSync(dataDir, 0o755);
    const settings = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      PSEUDONYM_KEY,
      LEDGER_SIGNING_KEY: NoteSigner.generate('bench.local/scale').skey,
      RATE_LIMIT_PER_TOKEN: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
      // A large import is one request; on a busy shared machine it may take longer than the default.
      HTTP_REQUEST_TIMEOUT_MS: '600000',
    };
    const port = await findFreePort();
    const cleanUp = async () => {
      await database.drop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    };
    let api: ApiProcess | undefined;
    let worker: WorkerProcess | undefined;
    try {
      // The API first: it applies the migrations the worker then finds done.
      api = await startApiProcess({ ...settings, RUN_PROJECTIONS: 'false' }, '127.0.0.1', port);
      worker = await startWorkerProcess(settings);
      const tokens = {} as Record<ScaleRole, string>;
      for (const role of ['commissioner', 'provider', 'auditor', 'evaluator'] as const) {
        const [token] = await runCli(['create-token', '--name', `scale-${role}`, '--role', role, '--all-contracts'], settings);
        tokens[role] = token;
      }
      return new ScaleService(api, worker, settings, port, database.url, tokens, dataDir, cleanUp);
    } catch (error) {
      await worker?.stop();
      await api?.stop();
      await cleanUp();
      throw error;
    }
  }

  client(): HttpClient {
    return new HttpClient(this.port);
  }

  get baseUrl(): string {
    return this.api.baseUrl;
  }

  get apiPid(): number {
    return this.api.pid;
  }

  get workerPid(): number {
    return this.worker.pid;
  }

  /**
   * Stops the API process (SIGTERM: requests in flight finish) and starts it again; the time from
   * its start until `firstCommand` (on the big contract) is answered, and until `/health` was.
   */
  async restart(firstCommand: () => Promise<unknown>): Promise<{ healthyMs: number; firstCommandMs: number }> {
    await this.api.stop();
    const began = performance.now();
    this.api = await startApiProcess({ ...this.settings, RUN_PROJECTIONS: 'false' }, '127.0.0.1', this.port);
    const healthyMs = performance.now() - began;
    await firstCommand();
    return { healthyMs, firstCommandMs: performance.now() - began };
  }

  /** Runs `npm run cli -- <args>` against this service's database. */
  cli(args: string[]): Promise<string[]> {
    return runCli(args, this.settings);
  }

  async stop(): Promise<void> {
    try {
      await this.worker.stop();
      await this.api.stop();
    } finally {
      await this.dropDatabase();
    }
  }
}
