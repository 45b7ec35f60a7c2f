import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';

/**
 * `GET /metrics` on a port of its own (METRICS_PORT), apart from the API: the network policy that
 * lets Prometheus reach that port is the protection, as in most Prometheus set-ups, so no token
 * has to be issued to the scraper and the API's port never shows what the process is doing.
 * Anything else on the port is a 404; a scrape that fails is a 500 without the reason.
 */
export class MetricsServer {
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    private readonly onError: (error: unknown) => void,
  ) {}

  async listen(port: number, host: string): Promise<AddressInfo> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: the metrics are at GET /metrics\n');
        return;
      }
      this.metrics.exposition().then(
        ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(request.method === 'HEAD' ? undefined : body),
        (error: unknown) => {
          this.onError(error);
          response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('The metrics could not be collected\n');
        },
      );
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  /** Where it listens (undefined before listen or after close). */
  get address(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
