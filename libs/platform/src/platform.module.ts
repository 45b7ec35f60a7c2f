import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { type AppConfig, ConfigModule } from '#config';
import { DatabaseModule, type Migration } from '#database';
import { EventStoreModule, type UpcasterRegistry } from '#event-store';
import { Clock, SystemClock } from '#domain';
import { type LogDestination, LoggingModule, Metrics } from '#observability';

export interface PlatformOptions {
  /** Read models' and other tables' schema changes. */
  migrations?: Migration[];
  /** Projections (read models, process managers) fed by catch-up subscriptions. */
  projections?: Provider[];
  upcasters?: UpcasterRegistry;
  /** Log lines go here instead of stdout (tests). */
  logDestination?: LogDestination;
  /** Where now comes from (tests set it); the system clock by default. */
  clock?: Clock;
}

/**
 * What every process of the service stands on (the HTTP API, the worker, the CLI): configuration,
 * JSON logs, the database, the event store with its subscriptions, and the CQRS buses.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(options.logDestination),
        DatabaseModule.forRoot(),
        EventStoreModule.forRoot(options),
        CqrsModule.forRoot(),
      ],
      providers: [
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: Metrics, useValue: new Metrics() },
      ],
      exports: [ConfigModule, DatabaseModule, EventStoreModule, CqrsModule, Clock, Metrics],
    };
  }
}
