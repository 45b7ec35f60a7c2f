import { Logger, type OnModuleInit } from '@nestjs/common';
import { type Database, grantServiceRole, type Migration, type Queryable, runMigrations } from '#database';

/**
 * Brings the schema up to date when the application initialises, before anything reads or writes:
 * as the schema's owner, who then grants the service's own role (when it is another) what it needs.
 */
export class SchemaMigrator implements OnModuleInit {
  constructor(
    private readonly database: Database,
    private readonly migrations: readonly Migration[],
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await this.database.asOwner(async (owner, serviceRole) => {
      const applied = await runMigrations(owner, this.migrations);
      if (serviceRole !== undefined) await grantServiceRole(owner, serviceRole);
      return applied;
    });
    if (applied.length > 0) new Logger('SchemaMigrator').log(`applied migrations: ${applied.join(', ')}`);
  }

  /** The migrations this process knows that the database has not recorded (another process may have rolled the schema back, or not yet on). */
  async pending(db: Queryable): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM schema_migrations');
    const recorded = new Set(rows.map((row) => row.id));
    return this.migrations.map((migration) => migration.id).filter((id) => !recorded.has(id));
  }
}
