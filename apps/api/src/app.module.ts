import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authMigrations } from '../../../libs/auth/src/index.js';
import type { AppConfig } from '../../../libs/config/src/index.js';
import { PlatformModule } from '../../../libs/platform/src/index.js';
import { ContractsHttpModule } from './contracts/contracts-http.module.js';
import { HealthController } from './health/health.controller.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(config, { migrations: [...authMigrations] }), AuthModule, ContractsHttpModule],
      controllers: [HealthController],
    };
  }
}
