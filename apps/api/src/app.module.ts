import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authMigrations } from '../../../libs/auth/src/index.js';
import type { AppConfig } from '../../../libs/config/src/index.js';
import type { LogDestination } from '../../../libs/observability/src/index.js';
import { contractProjections, contractReadModelMigrations } from '../../../libs/contracts/src/index.js';
import { LedgerModule, LedgerSequencer, ledgerMigrations } from '../../../libs/ledger/src/service/index.js';
import { PlatformModule } from '../../../libs/platform/src/index.js';
import { AuditHttpModule } from './audit/audit-http.module.js';
import { ContractsHttpModule } from './contracts/contracts-http.module.js';
import { HealthController } from './health/health.controller.js';
import { ImportsHttpModule } from './imports/imports-http.module.js';
import { PaymentsHttpModule } from './payments/payments-http.module.js';
import { ReadModelsHttpModule } from './read-models/read-models-http.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logDestination?: LogDestination): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, {
          migrations: [...authMigrations, ...contractReadModelMigrations, ...ledgerMigrations],
          projections: [...contractProjections, LedgerSequencer],
          logDestination,
        }),
        AuthModule,
        ContractsHttpModule,
        ReadModelsHttpModule,
        PaymentsHttpModule,
        ImportsHttpModule,
        AuditHttpModule,
      ],
      controllers: [HealthController],
    };
  }
}
