import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '#config';
import { Database, type Migration } from '#database';
import { EventAppender, EventLogReader, EventStreamReader } from '../event-store.port.js';
import { eventStoreMigrations } from '../postgres/migrations/event-store.migrations.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { PostgresSnapshotStore } from '../postgres/postgres-snapshot-store.js';
import { SnapshotStore } from '../snapshot-store.port.js';
import { UpcasterRegistry } from '../upcaster.registry.js';
import { PROJECTIONS, type Projection } from './projection.js';
import { SchemaMigrator } from './schema-migrator.js';
import { SubscriptionsHost } from './subscriptions-host.js';

export interface EventStoreModuleOptions {
  /** Schema changes of read models and other tables, applied after the event store's own. */
  migrations?: Migration[];
  /** Classes of the projections to run (each an injectable implementing Projection). */
  projections?: Provider[];
  upcasters?: UpcasterRegistry;
}

@Global()
@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions = {}): DynamicModule {
    const projectionClasses = (options.projections ?? []) as Array<new (...args: never[]) => Projection>;
    return {
      module: EventStoreModule,
      providers: [
        { provide: UpcasterRegistry, useValue: options.upcasters ?? new UpcasterRegistry() },
        {
          provide: SchemaMigrator,
          useFactory: (database: Database) => new SchemaMigrator(database, [...eventStoreMigrations, ...(options.migrations ?? [])]),
          inject: [Database],
        },
        {
          provide: PostgresEventStore,
          useFactory: (pool: pg.Pool, upcasters: UpcasterRegistry) => new PostgresEventStore(pool, upcasters),
          inject: [pg.Pool, UpcasterRegistry],
        },
        // Consumers depend on the piece of the port they need; the PostgreSQL machinery on the adapter.
        { provide: EventStreamReader, useExisting: PostgresEventStore },
        { provide: EventLogReader, useExisting: PostgresEventStore },
        { provide: EventAppender, useExisting: PostgresEventStore },
        { provide: SnapshotStore, useFactory: (pool: pg.Pool) => new PostgresSnapshotStore(pool), inject: [pg.Pool] },
        ...projectionClasses,
        { provide: PROJECTIONS, useFactory: (...projections: Projection[]) => projections, inject: projectionClasses },
        {
          provide: SubscriptionsHost,
          useFactory: (pool: pg.Pool, store: PostgresEventStore, config: AppConfig, projections: Projection[]) =>
            new SubscriptionsHost(pool, store, { run: config.runProjections, pollIntervalMs: config.SUBSCRIPTION_POLL_MS }, projections),
          inject: [pg.Pool, PostgresEventStore, AppConfig, PROJECTIONS],
        },
      ],
      exports: [EventStreamReader, EventLogReader, EventAppender, PostgresEventStore, SnapshotStore, UpcasterRegistry, SubscriptionsHost, SchemaMigrator],
    };
  }
}
