import { revokeTokenCommand } from '../../apps/cli/src/create-token.command.js';
import { startTestApp, TEST_LEDGER_SIGNING_KEY, type TestApp } from '#test-support/test-app.js';
import { bearer, createTokens } from '#test-support/tokens.js';

/**
 * A running service remembers a verified token for TOKEN_CACHE_TTL_MS. A revocation made by
 * another process (the CLI) reaches it only when that runs out; with 0, at once.
 */
describe('revoking a token from the CLI while the service runs', () => {
  const saved = { ...process.env };
  const { log } = console;
  let printed: string[];
  beforeEach(() => {
    printed = [];
    console.log = (line: string) => void printed.push(line);
  });
  afterEach(() => {
    console.log = log;
    process.env = { ...saved };
  });

  async function revokeFromCli(t: TestApp, name: string, env: Record<string, string> = {}): Promise<void> {
    Object.assign(process.env, { DATABASE_URL: t.db.url, LOG_LEVEL: 'silent', LEDGER_SIGNING_KEY: TEST_LEDGER_SIGNING_KEY }, env);
    await revokeTokenCommand().exitOverride().parseAsync(['--name', name], { from: 'user' });
  }

  async function meStatus(t: TestApp, token: string): Promise<number> {
    return (await fetch(`${t.baseUrl}/me`, { headers: bearer(token) })).status;
  }

  it('with TOKEN_CACHE_TTL_MS=0, the service refuses the token at once', async () => {
    const t = await startTestApp({ TOKEN_CACHE_TTL_MS: '0' });
    try {
      const { provider } = await createTokens(t.app, { provider: { name: 'fokus-folkeoplysning', role: 'provider', contracts: '*' } });
      expect(await meStatus(t, provider)).toBe(200);
      await revokeFromCli(t, 'fokus-folkeoplysning', { TOKEN_CACHE_TTL_MS: '0' });
      expect(printed.join('\n')).toMatch(/revoked 1 token of fokus-folkeoplysning .*TOKEN_CACHE_TTL_MS, 0 s/);
      expect(await meStatus(t, provider)).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('by default, the service keeps accepting a token it has verified until its cache entry runs out, and says so', async () => {
    const t = await startTestApp();
    try {
      const { provider } = await createTokens(t.app, { provider: { name: 'fokus-folkeoplysning', role: 'provider', contracts: '*' } });
      expect(await meStatus(t, provider)).toBe(200);
      await revokeFromCli(t, 'fokus-folkeoplysning');
      expect(printed.join('\n')).toMatch(/within its TOKEN_CACHE_TTL_MS, 30 s/);
      expect(await meStatus(t, provider)).toBe(200);
    } finally {
      await t.close();
    }
  });
});
