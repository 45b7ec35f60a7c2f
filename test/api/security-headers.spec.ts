import { impact60 } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { bearer, createTokens } from '#test-support/tokens.js';

describe('security headers and caching', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = (await createTokens(t.app, { commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: '*' } })).commissioner;
  });
  afterAll(() => t.close());

  it('marks every answer with data, errors included, Cache-Control: no-store, and sends the security headers', async () => {
    const answers = {
      health: await fetch(`${t.baseUrl}/health`),
      me: await fetch(`${t.baseUrl}/me`, { headers: bearer(token) }),
      'recorded fact': await fetch(`${t.baseUrl}/contracts`, {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify(impact60()),
      }),
      'no token': await fetch(`${t.baseUrl}/contracts/aalborg-impact60`),
      'unknown contract': await fetch(`${t.baseUrl}/contracts/nowhere/participants`, { headers: bearer(token) }),
      'bad input': await fetch(`${t.baseUrl}/contracts`, {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: '{"contractId":',
      }),
      'no such route': await fetch(`${t.baseUrl}/nothing-here`),
      'openapi document': await fetch(`${t.baseUrl}/openapi.json`),
    };
    expect(answers['recorded fact'].status).toBe(201);
    const seen = Object.fromEntries(
      Object.entries(answers).map(([what, response]) => [
        what,
        {
          cacheControl: response.headers.get('cache-control'),
          nosniff: response.headers.get('x-content-type-options'),
          frame: response.headers.get('x-frame-options'),
          csp: response.headers.get('content-security-policy')?.includes("default-src 'self'") ?? false,
          hsts: response.headers.get('strict-transport-security'),
        },
      ]),
    );
    for (const what of Object.keys(answers)) {
      expect({ what, ...seen[what] }).toEqual({
        what,
        cacheControl: 'no-store',
        nosniff: 'nosniff',
        frame: 'DENY',
        csp: true,
        hsts: 'max-age=31536000',
      });
    }
  });

  it('keeps the Swagger UI at /docs working under its Content-Security-Policy', async () => {
    const page = await fetch(`${t.baseUrl}/docs`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directive = (name: string): string[] =>
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .find(([n]) => n === name)
        ?.slice(1) ?? [];
    expect(directive('script-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('upgrade-insecure-requests');
    const html = await page.text();

    // Scripts: only from this origin (script-src 'self'), none inline, each served.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attributes)?.[1];
      expect(src).toMatch(/^\.\//);
      const asset = await fetch(new URL(src!, `${t.baseUrl}/docs`));
      expect({ src, status: asset.status }).toEqual({ src, status: 200 });
    }
    // Styles: inline <style> blocks need 'unsafe-inline'; stylesheets come from this origin.
    if (/<style>/.test(html)) expect(directive('style-src')).toContain("'unsafe-inline'");
    for (const [, href] of html.matchAll(/<link rel="stylesheet"[^>]*href="([^"]+)"/g)) {
      expect(href).toMatch(/^\.\//);
      expect((await fetch(new URL(href, `${t.baseUrl}/docs`))).status).toBe(200);
    }
    expect(directive('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:']));
    // Documentation is the same for everyone: it may be cached.
    expect(page.headers.get('cache-control')).not.toBe('no-store');
  });
});
