import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService } from '#auth';
import { AppConfig } from '#config';
import { rateLimits } from './rate-limits.plugin.js';
import { securityHeaders } from './security-headers.plugin.js';

/**
 * What stands between the network and the routes: security headers and Cache-Control on every
 * answer, then the rate limits. (The timeouts are server options: httpTimeouts.) Registered before
 * the application initialises, so that their hooks run for every route.
 */
export function protectEdge(app: NestFastifyApplication): void {
  const config = app.get(AppConfig);
  const tokens = app.get(TokenService);
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register(securityHeaders);
  void fastify.register(rateLimits, { settings: config, loadActiveTokenHashes: (limit) => tokens.activeTokenHashes(limit) });
}
