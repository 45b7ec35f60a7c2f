import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { type AppConfig, loadConfig } from '#config';
import { openServiceContext } from '#platform';

/**
 * The service's modules for one CLI command (see openServiceContext), closed after it. Its logs are
 * the service's JSON lines, on stderr: stdout is the command's own output (a token, a key). A
 * database it cannot open is said in one line naming the database it tried. Only `creates`
 * (migrate) may make a new embedded database: elsewhere a DATA_DIR with none is a configuration
 * that is not the service's, and a token made there would be refused by the service.
 */
export async function withCliContext<T>(work: (app: INestApplicationContext) => Promise<T>, { creates = false } = {}): Promise<T> {
  const env = { LOG_LEVEL: 'warn', ...process.env };
  const config = loadConfig(env);
  const embeddedDir = resolve(config.DATA_DIR, 'postgres');
  if (!config.DATABASE_URL && !creates && !existsSync(resolve(embeddedDir, 'PG_VERSION'))) {
    throw new Error(
      `no database in ${embeddedDir} (DATA_DIR ${config.DATA_DIR}, EMBEDDED_PG_PORT ${config.EMBEDDED_PG_PORT}): give the CLI the service's ` +
        'DATA_DIR and EMBEDDED_PG_PORT (or DATABASE_URL), in the environment or in .env; `migrate` makes a new database',
    );
  }
  const app = await openServiceContext(env, { logDestination: process.stderr }).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : `no reason given (${String(error)})`;
    throw new Error(`cannot open the service's database (${databaseOf(config)}): ${reason}`, { cause: error });
  });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** The database the configuration names, without its password. */
export function databaseOf(config: AppConfig): string {
  if (!config.DATABASE_URL) return `embedded PostgreSQL in ${resolve(config.DATA_DIR, 'postgres')} on port ${config.EMBEDDED_PG_PORT}`;
  const url = new URL(config.DATABASE_URL);
  return `DATABASE_URL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
