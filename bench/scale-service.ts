import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCli } from '../apps/demo/src/app-process.js';
import { NoteSigner } from '#ledger';
import type { BenchDatabase } from './database.js';
import { HttpClient } from './http-client.js';
import { ServiceProcesses } from './service-processes.js';

export type ScaleRole = 'commissioner' | 'provider' | 'auditor' | 'evaluator';

const PSEUDONYM_KEY = 'cd'.repeat(32);

/**
 * The scale bench's service: the API and worker processes (service-processes.ts) on a database of
 * their own on the bench's PostgreSQL server (which outlives a restart of the API, as a production
 * server would), with a token per role made by the CLI.
 */
export class ScaleService {
  readonly pseudonymKey = Buffer.from(PSEUDONYM_KEY, 'hex');

  private constructor(
    private readonly processes: ServiceProcesses,
    private readonly settings: Record<string, string>,
    readonly databaseUrl: string,
    readonly tokens: Record<ScaleRole, string>,
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
    const cleanUp = async () => {
      await database.drop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    };
    let processes: ServiceProcesses | undefined;
    try {
      processes = await ServiceProcesses.start(settings);
      const tokens = {} as Record<ScaleRole, string>;
      for (const role of ['commissioner', 'provider', 'auditor', 'evaluator'] as const) {
        const [token] = await runCli(['create-token', '--name', `scale-${role}`, '--role', role, '--all-contracts'], settings);
        tokens[role] = token;
      }
      return new ScaleService(processes, settings, database.url, tokens, cleanUp);
    } catch (error) {
      await processes?.stop();
      await cleanUp();
      throw error;
    }
  }

  client(): HttpClient {
    return new HttpClient(this.processes.port);
  }

  get baseUrl(): string {
    return this.processes.baseUrl;
  }

  get apiPid(): number {
    return this.processes.pids.api;
  }

  get workerPid(): number {
    return this.processes.pids.worker;
  }

  /**
   * Stops the API process (SIGTERM: requests in flight finish) and starts it again; the time from
   * its start until `firstCommand` (on the big contract) is answered, and until `/health` was.
   */
  async restart(firstCommand: () => Promise<unknown>): Promise<{ healthyMs: number; firstCommandMs: number }> {
    const healthyMs = await this.processes.restartApi();
    const answered = performance.now();
    await firstCommand();
    return { healthyMs, firstCommandMs: healthyMs + performance.now() - answered };
  }

  /** Runs `npm run cli -- <args>` against this service's database. */
  cli(args: string[]): Promise<string[]> {
    return runCli(args, this.settings);
  }

  async stop(): Promise<void> {
    try {
      await this.processes.stop();
    } finally {
      await this.dropDatabase();
    }
  }
}
