import pg from 'pg';

/**
 * Makes a test database really refuse connections (ALLOW_CONNECTIONS false, and every open
 * session ended), from the server's own database (one cannot close the database one is in),
 * so that what the driver says is what the service could leak.
 */
export class DatabaseOutage {
  private constructor(
    private readonly server: pg.Client,
    private readonly database: string,
  ) {}

  /** For the database of `url` (a test database's). */
  static async of(url: string): Promise<DatabaseOutage> {
    const server = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await server.connect();
    return new DatabaseOutage(server, new URL(url).pathname.slice(1));
  }

  get databaseName(): string {
    return this.database;
  }

  /** Refuses new connections and ends the open ones; resolves once none is left. */
  async begin(): Promise<void> {
    await this.server.query(`ALTER DATABASE ${this.database} ALLOW_CONNECTIONS false`);
    await this.server.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [this.database]);
    while ((await this.server.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1', [this.database])).rowCount !== 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async end(): Promise<void> {
    await this.server.query(`ALTER DATABASE ${this.database} ALLOW_CONNECTIONS true`);
  }

  /** Ends the outage, if any, and the connection to the server. */
  async close(): Promise<void> {
    await this.end();
    await this.server.end();
  }
}
