import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authMigrations } from '#auth';
import type { AppConfig } from '#config';
import { contractProjections, contractReadModelMigrations } from '#contracts';
import { PlatformModule } from '#platform';
import { LedgerModule, LedgerSequencer, ledgerMigrations } from '#ledger/service/index.js';

/** The worker: read models and process managers only, no HTTP. Safe to run beside the API. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config, {
          migrations: [...authMigrations, ...contractReadModelMigrations, ...ledgerMigrations],
          projections: [...contractProjections, LedgerSequencer],
        }),
        AuthModule,
        LedgerModule,
      ],
    };
  }
}
