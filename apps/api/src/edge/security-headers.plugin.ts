import { IncomingMessage, type OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import helmet from 'helmet';

/** The browsable OpenAPI page and its assets: documentation, the same for everyone. */
const DOCUMENTATION = /^\/docs(?:[/?#]|$)/;

/**
 * helmet's security headers, with a Content-Security-Policy that still lets the Swagger UI at
 * /docs work (its scripts and styles are served from here; it styles inline and draws its icons
 * from data: URIs). None of them depends on the request, so helmet is asked once, at start-up,
 * rather than on every request (@fastify/helmet builds helmet anew for each: ~80 µs of CPU per
 * request, measured here, more than the rest of a GET /me).
 */
const SECURITY_HEADERS: OutgoingHttpHeaders = headersOf(
  helmet({
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
  }),
);

function headersOf(middleware: (request: IncomingMessage, response: ServerResponse, next: () => void) => void): OutgoingHttpHeaders {
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  middleware(request, response, () => undefined);
  return response.getHeaders();
}

/**
 * Security headers on every answer, and `Cache-Control: no-store` on every answer but the
 * documentation: answers carry participants' and outcomes' data, which no browser or proxy
 * should keep.
 */
export const securityHeaders = fastifyPlugin(
  // eslint-disable-next-line @typescript-eslint/require-await -- a plugin is async or takes a callback: this one only adds hooks
  async (fastify: FastifyInstance) => {
    fastify.addHook('onRequest', (request, reply, done) => {
      void reply.headers(SECURITY_HEADERS);
      if (!DOCUMENTATION.test(request.url)) void reply.header('cache-control', 'no-store');
      done();
    });
  },
  { name: 'security-headers' },
);
