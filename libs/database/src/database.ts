import pg from 'pg';
import type { RunningPostgres } from './embedded-postgres.launcher.js';

export interface DatabaseOptions {
  /** The embedded server behind the pool, when this process started one: stopped on close. */
  embedded?: RunningPostgres;
  /** Told when an idle connection of the pool is lost (the pool replaces it). */
  onConnectionLost?: (error: Error) => void;
  /**
   * A connection string of the role that owns the schema, when the pool's role is another one
   * (it owns nothing): migrations run as the owner, who then grants the pool's role what it needs.
   */
  ownerUrl?: string;
}

/**
 * The connection pool, and the embedded server behind it when this process started one. Closing
 * ends the pools first, then stops the server.
 */
export class Database {
  private closing = false;
  private probePool?: pg.Pool;

  constructor(
    readonly pool: pg.Pool,
    private readonly options: DatabaseOptions = {},
  ) {
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    // (pool.end() resolves before its sockets are closed, so errors while closing are expected.)
    pool.on('error', (error) => {
      if (!this.closing) options.onConnectionLost?.(error);
    });
  }

  get isEmbedded(): boolean {
    return this.options.embedded !== undefined;
  }

  /**
   * One connection of its own, on the pool's settings, for health checks: they then do not wait
   * for a connection behind the requests that keep the pool busy.
   */
  get probe(): pg.Pool {
    if (this.probePool === undefined) {
      const probe = new pg.Pool({ ...this.pool.options, max: 1, idleTimeoutMillis: 0 });
      probe.on('error', () => undefined); // the next check opens a new connection
      this.probePool = probe;
    }
    return this.probePool;
  }

  /**
   * Runs `work` as the schema's owner: on a connection of its own when the pool's role is not the
   * owner, on the pool otherwise. `serviceRole` is then the pool's role, to be granted what it needs.
   */
  async asOwner<T>(work: (owner: pg.Pool, serviceRole: string | undefined) => Promise<T>): Promise<T> {
    if (this.options.ownerUrl === undefined) return work(this.pool, undefined);
    const owner = new pg.Pool({ connectionString: this.options.ownerUrl, max: 1 });
    owner.on('error', () => undefined);
    try {
      const roleOf = async (db: pg.Pool): Promise<string> => (await db.query<{ role: string }>('SELECT current_user AS role')).rows[0].role;
      const [ownerRole, serviceRole] = await Promise.all([roleOf(owner), roleOf(this.pool)]);
      return await work(owner, serviceRole === ownerRole ? undefined : serviceRole);
    } finally {
      await owner.end();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([this.pool.end(), this.probePool?.end()]);
    await this.options.embedded?.stop();
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
