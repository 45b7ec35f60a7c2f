import { startTestApp, type TestApp } from '#test-support/test-app.js';

const ORIGIN = 'https://dashboard.example';

const preflight = (baseUrl: string, origin: string): Promise<Response> =>
  fetch(`${baseUrl}/contracts`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
  });

describe('CORS with CORS_ORIGINS set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: `${ORIGIN},https://other.example` });
  });
  afterAll(() => t.close());

  it('answers a listed origin’s preflight with the methods and headers the API reads', async () => {
    const response = await preflight(t.baseUrl, ORIGIN);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-correlation-id']),
    );
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets a listed origin read an answer and its correlation id', async () => {
    const response = await fetch(`${t.baseUrl}/health/live`, { headers: { origin: ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-correlation-id');
  });

  it('gives an origin not listed no CORS headers', async () => {
    const response = await fetch(`${t.baseUrl}/health/live`, { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(t.baseUrl, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('sends no CORS headers, and a preflight finds no route', async () => {
    const response = await fetch(`${t.baseUrl}/health/live`, { headers: { origin: ORIGIN } });
    expect(response.status).toBe(200);
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    const answer = await preflight(t.baseUrl, ORIGIN);
    expect(answer.status).toBe(404);
    expect([...answer.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});
