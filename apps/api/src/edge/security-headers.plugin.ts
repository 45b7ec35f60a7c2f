import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';

/** The browsable OpenAPI page and its assets: documentation, the same for everyone. */
const DOCUMENTATION = /^\/docs(?:[/?#]|$)/;

/**
 * Security headers on every answer (helmet), with a Content-Security-Policy that still lets the
 * Swagger UI at /docs work (its scripts and styles are served from here; it styles inline and draws
 * its icons from data: URIs), and `Cache-Control: no-store` on every answer but the documentation:
 * answers carry participants' and outcomes' data, which no browser or proxy should keep.
 */
export const securityHeaders = fastifyPlugin(
  async (fastify: FastifyInstance) => {
    await fastify.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          // No upgrade-insecure-requests: the service may be reached over plain HTTP (locally, or
          // behind a proxy that terminates TLS), and the page's assets would then not load.
        },
      },
      // Without includeSubDomains: the service cannot know what else runs under its parent domain.
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
      frameguard: { action: 'deny' },
    });
    fastify.addHook('onRequest', (request, reply, done) => {
      if (!DOCUMENTATION.test(request.url)) void reply.header('cache-control', 'no-store');
      done();
    });
  },
  { name: 'security-headers' },
);
