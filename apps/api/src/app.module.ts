import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '#config';
import { type ServiceHost, ServiceModule } from '#platform';
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
  static forRoot(config: AppConfig, host: ServiceHost = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot(config, host),
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
