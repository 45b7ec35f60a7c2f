import http from 'node:http';

export interface HttpResponse {
  status: number;
  body: any;
  /** The body's length in bytes. */
  bytes: number;
}

/**
 * One HTTP client: one keep-alive connection (node:http, the lightest client at hand: no undici
 * in node_modules, and global fetch costs noticeably more CPU). Used for set-up in the bench's
 * process and, for the measured requests, in the clients' own process (`clients.process.ts`).
 */
export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly port: number) {}

  request(
    method: string,
    path: string,
    options: { token?: string; body?: string | Buffer; contentType?: string; headers?: http.OutgoingHttpHeaders } = {},
  ): Promise<HttpResponse> {
    const headers: http.OutgoingHttpHeaders = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const text = bytes.toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body, bytes: bytes.length });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  /** POSTs JSON and insists on `expected` (201 by default), naming the request and the answer otherwise. */
  async post(path: string, body: unknown, token: string, expected = 201): Promise<HttpResponse> {
    const response = await this.request('POST', path, { token, body: JSON.stringify(body) });
    if (response.status !== expected) {
      throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
    }
    return response;
  }

  close(): void {
    this.agent.destroy();
  }
}
