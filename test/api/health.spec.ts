import { startTestApp, type TestApp } from '../support/test-app.js';

describe('GET /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the database up, and echoes the caller’s correlation id', async () => {
    const response = await fetch(`${t.baseUrl}/health`, { headers: { 'x-correlation-id': 'audit-2026-11' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toBe('audit-2026-11');
    const body = (await response.json()) as { subscriptions: unknown };
    expect(body).toMatchObject({ status: 'ok', database: { status: 'up' } });
    expect(Array.isArray(body.subscriptions)).toBe(true);
  });

  it('gives a request without a correlation id a new one', async () => {
    const response = await fetch(`${t.baseUrl}/health`);
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
