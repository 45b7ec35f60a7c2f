import pg from 'pg';
import type { RunningPostgres } from './embedded-postgres.launcher.js';

/**
 * The connection pool, and the embedded server behind it when this process started one. Closing
 * ends the pool first, then stops the server.
 */
export class Database {
  private closing = false;

  constructor(
    readonly pool: pg.Pool,
    private readonly embedded?: RunningPostgres,
    onConnectionLost: (error: Error) => void = () => undefined,
  ) {
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    // (pool.end() resolves before its sockets are closed, so errors while closing are expected.)
    pool.on('error', (error) => {
      if (!this.closing) onConnectionLost(error);
    });
  }

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.pool.end();
    await this.embedded?.stop();
  }
}

/** Ensures the named database exists on the server of `serverUrl` (the embedded server starts with only `postgres`). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
