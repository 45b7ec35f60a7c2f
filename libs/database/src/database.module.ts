import { join } from 'node:path';
import { type DynamicModule, Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '#config';
import { Database, ensureDatabase } from './database.js';
import { startEmbeddedPostgres } from './embedded-postgres.launcher.js';
import { readOrCreateSecret } from './secret-file.js';
import { ensureServiceRole, SERVICE_ROLE } from './service-role.js';

async function openDatabase(config: AppConfig): Promise<Database> {
  const logger = new Logger('Database');
  const onConnectionLost = (error: Error): void => logger.warn(`idle connection lost: ${error.message}`);
  if (config.DATABASE_URL) {
    return new Database(new pg.Pool({ connectionString: config.DATABASE_URL, max: config.DB_POOL_SIZE }), {
      ownerUrl: config.MIGRATION_DATABASE_URL,
      onConnectionLost,
    });
  }
  const dataDir = join(config.DATA_DIR, 'postgres');
  logger.log(`DATABASE_URL not set: starting embedded PostgreSQL in ${dataDir} on port ${config.EMBEDDED_PG_PORT}`);
  const server = await startEmbeddedPostgres({
    dataDir,
    passwordFile: join(config.DATA_DIR, 'postgres.password'),
    port: config.EMBEDDED_PG_PORT,
    persistent: true,
  });
  try {
    // The superuser owns the schema and migrates it; the service works as a role that owns nothing.
    const ownerUrl = await ensureDatabase(server.url, 'outcomes');
    const serviceUrl = await ensureServiceRole(ownerUrl, SERVICE_ROLE, readOrCreateSecret(join(config.DATA_DIR, `${SERVICE_ROLE}.password`)));
    return new Database(new pg.Pool({ connectionString: serviceUrl, max: config.DB_POOL_SIZE }), { embedded: server, ownerUrl, onConnectionLost });
  } catch (error) {
    await server.stop();
    throw error;
  }
}

class DatabaseCloser implements OnApplicationShutdown {
  constructor(private readonly database: Database) {}
  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: Database, useFactory: openDatabase, inject: [AppConfig] },
        { provide: pg.Pool, useFactory: (database: Database) => database.pool, inject: [Database] },
        { provide: DatabaseCloser, useFactory: (database: Database) => new DatabaseCloser(database), inject: [Database] },
      ],
      exports: [Database, pg.Pool],
    };
  }
}
