import { join } from 'node:path';
import { type DynamicModule, Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/src/index.js';
import { Database, ensureDatabase } from './database.js';
import { startEmbeddedPostgres } from './embedded-postgres.launcher.js';

async function openDatabase(config: AppConfig): Promise<Database> {
  const logger = new Logger('Database');
  const warn = (error: Error): void => logger.warn(`idle connection lost: ${error.message}`);
  if (config.DATABASE_URL) {
    return new Database(new pg.Pool({ connectionString: config.DATABASE_URL, max: config.DB_POOL_SIZE }), { onConnectionLost: warn });
  }
  const dataDir = join(config.DATA_DIR, 'postgres');
  logger.log(`DATABASE_URL not set: starting embedded PostgreSQL in ${dataDir} on port ${config.EMBEDDED_PG_PORT}`);
  const server = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT, persistent: true });
  try {
    const url = await ensureDatabase(server.url, 'outcomes');
    return new Database(new pg.Pool({ connectionString: url, max: config.DB_POOL_SIZE }), { embedded: server, onConnectionLost: warn });
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
