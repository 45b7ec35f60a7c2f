import { Logger, type OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import { type Migration, runMigrations } from '../../../database/src/index.js';

/** Brings the schema up to date when the application initialises, before anything reads or writes. */
export class SchemaMigrator implements OnModuleInit {
  constructor(
    private readonly pool: pg.Pool,
    private readonly migrations: readonly Migration[],
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.pool, this.migrations);
    if (applied.length > 0) new Logger('SchemaMigrator').log(`applied migrations: ${applied.join(', ')}`);
  }
}
