import { createHash } from 'node:crypto';
import pg from 'pg';
import { InvalidPrincipalError, TokenConflictError, TokenService } from '#auth';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { bearer, createTokens } from '#test-support/tokens.js';
import { createMatrixTokens, expectRoleMatrix, type MatrixTokens } from './role-matrix.js';

const CONTRACT = 'aalborg-impact60';

describe('authentication and authorisation over HTTP', () => {
  let t: TestApp;
  let db: pg.Pool;
  let matrix: MatrixTokens;

  beforeAll(async () => {
    t = await startTestApp();
    db = new pg.Pool({ connectionString: t.db.url, max: 2 });
    matrix = await createMatrixTokens(t.app, [CONTRACT]);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('walks the role matrix of the routes there are', async () => {
    await expectRoleMatrix(t.baseUrl, matrix, [
      { method: 'GET', path: '/health', allowed: 'public' },
      { method: 'GET', path: '/me', allowed: ['commissioner', 'provider', 'investor', 'payment-service', 'auditor', 'evaluator'] },
    ]);
  });

  it('the matrix helper reports cells that go wrong', async () => {
    await expect(expectRoleMatrix(t.baseUrl, matrix, [{ method: 'GET', path: '/me', allowed: ['auditor'] }])).rejects.toThrow(
      /5 cell\(s\) wrong:\n {2}GET \/me as commissioner: expected 403, got 200/,
    );
    await expect(expectRoleMatrix(t.baseUrl, matrix, [{ method: 'GET', path: '/me', allowed: ['auditor'], contractId: CONTRACT }])).rejects.toThrow(
      /as auditor scoped to another contract: expected not-found, got 200/,
    );
  });

  it('GET /me names the principal and its scope', async () => {
    const tokens = await createTokens(t.app, {
      'aalborg-kommune': { role: 'commissioner', contracts: [CONTRACT, 'aalborg-ung'] },
      rigsrevisionen: { role: 'auditor', contracts: '*' },
    });
    const scoped = await fetch(`${t.baseUrl}/me`, { headers: bearer(tokens['aalborg-kommune']) });
    expect(scoped.status).toBe(200);
    expect(await scoped.json()).toEqual({ name: 'aalborg-kommune', role: 'commissioner', party: null, contracts: [CONTRACT, 'aalborg-ung'] });
    const all = await fetch(`${t.baseUrl}/me`, { headers: bearer(tokens.rigsrevisionen) });
    expect(await all.json()).toEqual({ name: 'rigsrevisionen', role: 'auditor', party: null, contracts: '*' });
  });

  it('answers 401 with WWW-Authenticate: Bearer for a missing, malformed, unknown or wrong-scheme credential', async () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['missing', {}, /^Bearer realm="outcome-verification"$/],
      ['basic', { authorization: 'Basic YWRtaW46YWRtaW4=' }, /^Bearer realm/],
      ['malformed', bearer('not-a-token'), /error="invalid_token"/],
      ['unknown', bearer(`ovt_${'A'.repeat(43)}`), /error="invalid_token"/],
    ];
    for (const [what, headers, challenge] of cases) {
      const response = await fetch(`${t.baseUrl}/me`, { headers });
      expect({ what, status: response.status }).toEqual({ what, status: 401 });
      expect(response.headers.get('www-authenticate')).toMatch(challenge);
      expect(await response.json()).toEqual({ statusCode: 401, message: expect.any(String) });
    }
  });

  it('stores only the SHA-256 of a token', async () => {
    const { token } = await createTokens(t.app, { token: { name: 'hash-check', role: 'evaluator', contracts: [CONTRACT] } });
    const { rows } = await db.query(
      "SELECT token_hash, name, role, contracts, row_to_json(auth_tokens)::text AS whole FROM auth_tokens WHERE name = 'hash-check'",
    );
    expect(rows).toHaveLength(1);
    expect((rows[0].token_hash as Buffer).equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(rows[0]).toMatchObject({ name: 'hash-check', role: 'evaluator', contracts: [CONTRACT] });
    expect(rows[0].whole).not.toContain(token.slice(4));
    const all = await db.query<{ contracts: string[] | null }>("SELECT contracts FROM auth_tokens WHERE name = 'matrix-auditor-in'");
    expect(all.rows[0].contracts).toEqual([CONTRACT]);
  });

  it('a revoked token is refused at once, a rotated one works beside the old until revoked', async () => {
    const service = t.app.get(TokenService);
    const first = await service.create({ name: 'revoke-me', role: 'provider', contracts: [CONTRACT] });
    expect((await fetch(`${t.baseUrl}/me`, { headers: bearer(first) })).status).toBe(200); // now cached
    const second = await service.create({ name: 'revoke-me', role: 'provider', contracts: [CONTRACT, 'other-contract'] });
    expect(await (await fetch(`${t.baseUrl}/me`, { headers: bearer(second) })).json()).toMatchObject({ contracts: [CONTRACT, 'other-contract'] });
    expect(await service.revoke('revoke-me')).toBe(2);
    for (const token of [first, second]) {
      const response = await fetch(`${t.baseUrl}/me`, { headers: bearer(token) });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/invalid_token/);
    }
    expect(await service.revoke('revoke-me')).toBe(0);
    const { rows } = await db.query("SELECT count(*)::int AS n FROM auth_tokens WHERE name = 'revoke-me' AND revoked_at IS NOT NULL");
    expect(rows[0].n).toBe(2);
  });

  it('one name is one party: a token with another role is refused while the name has active ones', async () => {
    const service = t.app.get(TokenService);
    await service.create({ name: 'one-party', role: 'investor', contracts: [CONTRACT] });
    await expect(service.create({ name: 'one-party', role: 'commissioner', contracts: [CONTRACT] })).rejects.toThrow(TokenConflictError);
    await service.revoke('one-party');
    await expect(service.create({ name: 'one-party', role: 'commissioner', contracts: [CONTRACT] })).resolves.toMatch(/^ovt_/);
  });

  it('refuses an invalid principal', async () => {
    const service = t.app.get(TokenService);
    await expect(service.create({ name: 'x', role: 'provider', contracts: [CONTRACT] })).rejects.toThrow(InvalidPrincipalError);
    await expect(service.create({ name: 'ok-name', role: 'root' as never, contracts: '*' })).rejects.toThrow(/role "root"/);
  });
});
