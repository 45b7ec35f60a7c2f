import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authMigrations } from '../../../libs/auth/src/index.js';
import type { AppConfig } from '../../../libs/config/src/index.js';
import { contractProjections, contractReadModelMigrations } from '../../../libs/contracts/src/index.js';
import { LedgerModule, LedgerSequencer, ledgerMigrations } from '../../../libs/ledger/src/service/index.js';
import { PlatformModule } from '../../../libs/platform/src/index.js';

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
