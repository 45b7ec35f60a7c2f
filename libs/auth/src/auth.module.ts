import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '#config';
import { AuthGuard } from './auth.guard.js';
import { TOKEN_CACHE_TTL_MS, TokenService } from './token.service.js';
import { WhoAmIController } from './whoami.controller.js';

/**
 * Authentication and authorisation: TokenService, the global AuthGuard, and `GET /me`.
 * Its table comes with `authMigrations`, which ServiceModule (#platform) passes to PlatformModule.
 * (Part of every process of the service, the worker and the CLI's token commands too; without
 * HTTP the guard and the controller are inert there.)
 */
@Global()
@Module({
  providers: [
    TokenService,
    { provide: TOKEN_CACHE_TTL_MS, useFactory: (config: AppConfig) => config.TOKEN_CACHE_TTL_MS, inject: [AppConfig] },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  controllers: [WhoAmIController],
  exports: [TokenService],
})
export class AuthModule {}
