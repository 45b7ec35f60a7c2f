import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authMigrations } from '#auth';
import type { AppConfig } from '#config';
import { contractProjections, contractReadModelMigrations } from '#contracts';
import { PlatformModule, type PlatformOptions } from '#platform';
import { LedgerSequencer, ledgerMigrations } from '#ledger/service/index.js';
import { AuditHttpModule } from './audit/audit-http.module.js';
import { ContractsHttpModule } from './contracts/contracts-http.module.js';
import { EvidenceHttpModule } from './evidence/evidence-http.module.js';
import { HealthController } from './health/health.controller.js';
import { ImportsHttpModule } from './imports/imports-http.module.js';
import { PaymentsHttpModule } from './payments/payments-http.module.js';
import { ReadModelsHttpModule } from './read-models/read-models-http.module.js';
import { SettlementHttpModule } from './settlement/settlement-http.module.js';

@Module({})
export class AppModule {
  /** `host`: what the process running the app decides (where logs go, the clock). */
  static forRoot(config: AppConfig, host: Pick<PlatformOptions, 'logDestination' | 'clock'> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, {
          migrations: [...authMigrations, ...contractReadModelMigrations, ...ledgerMigrations],
          projections: [...contractProjections, LedgerSequencer],
          ...host,
        }),
        AuthModule,
        ContractsHttpModule,
        ReadModelsHttpModule,
        PaymentsHttpModule,
        ImportsHttpModule,
        EvidenceHttpModule,
        SettlementHttpModule,
        AuditHttpModule,
      ],
      controllers: [HealthController],
    };
  }
}
