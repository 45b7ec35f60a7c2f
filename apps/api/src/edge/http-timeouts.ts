import type { ServerOptions } from 'node:http';
import type { AppConfig } from '#config';

/**
 * How long a connection may take: for its headers, its whole request, between requests on a
 * kept-alive connection, and with nothing moving at all. Without these a client that connects and
 * sends nothing, or sends its body a byte at a time, holds a socket for as long as it likes.
 */
export interface HttpTimeouts {
  connectionTimeout: number;
  keepAliveTimeout: number;
  requestTimeout: number;
  /** Node's own server options (Fastify passes them on). */
  http: ServerOptions;
}

export function httpTimeouts(config: AppConfig): HttpTimeouts {
  return {
    connectionTimeout: config.HTTP_IDLE_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      // Node enforces the headers and request timeouts only when it sweeps its connections
      // (every 30 s by default): sweep often enough that a timeout means what it says.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.HTTP_HEADERS_TIMEOUT_MS / 2))),
    },
  };
}
