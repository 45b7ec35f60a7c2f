import type { ImportReport } from '#contracts';

export class DemoRequestFailed extends Error {}

/** The demo's HTTP client: JSON requests and JSON Lines imports, as the parties' systems would send them. */
export class DemoClient {
  requests = 0;

  constructor(private readonly baseUrl: string) {}

  async post<T>(token: string, path: string, body: unknown, expected = 201): Promise<T> {
    return this.send<T>(token, 'POST', path, JSON.stringify(body), 'application/json', expected);
  }

  async get<T>(token: string, path: string): Promise<{ status: number; body: T | undefined }> {
    this.requests += 1;
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    return { status: response.status, body: response.ok ? (JSON.parse(text) as T) : undefined };
  }

  /** POST /contracts/:contractId/imports with one JSON command per line. */
  import(token: string, contractId: string, lines: unknown[]): Promise<ImportReport> {
    const body = `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
    return this.send<ImportReport>(token, 'POST', `/contracts/${contractId}/imports`, body, 'application/x-ndjson', 200);
  }

  private async send<T>(token: string, method: string, path: string, body: string, contentType: string, expected: number): Promise<T> {
    this.requests += 1;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });
    const text = await response.text();
    if (response.status !== expected) throw new DemoRequestFailed(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }
}
