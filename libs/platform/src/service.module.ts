import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authMigrations } from '#auth';
import type { AppConfig } from '#config';
import { contractProjections, contractReadModelMigrations } from '#contracts';
import { LedgerModule, LedgerSequencer, ledgerMigrations } from '#ledger/service/index.js';
import { PlatformModule, type PlatformOptions } from './platform.module.js';
import { ServiceMetrics } from './service-metrics.js';

/** What the process running the service decides: where logs go, the clock. */
export type ServiceHost = Pick<PlatformOptions, 'logDestination' | 'clock'>;

/**
 * The service as every process of it runs it (the HTTP API, the worker, the CLI's commands): the
 * platform with every library's tables and projections, tokens, and the ledger. An app adds only
 * its own doors (the API its HTTP modules).
 */
@Module({})
export class ServiceModule {
  static forRoot(config: AppConfig, host: ServiceHost = {}): DynamicModule {
    return {
      module: ServiceModule,
      imports: [
        PlatformModule.forRoot(config, {
          migrations: [...authMigrations, ...contractReadModelMigrations, ...ledgerMigrations],
          projections: [...contractProjections, LedgerSequencer],
          ...host,
        }),
        AuthModule,
        LedgerModule,
      ],
      providers: [ServiceMetrics],
      exports: [AuthModule, LedgerModule, ServiceMetrics],
    };
  }
}
