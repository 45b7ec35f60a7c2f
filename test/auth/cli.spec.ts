import pg from 'pg';
import { createTokenCommand, revokeTokenCommand, tokenSpecFrom } from '../../apps/cli/src/create-token.command.js';
import { TokenService } from '#auth';
import { Database } from '#database';
import { ApiClient } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { createTestDatabase, type TestDatabase } from '#test-support/test-database.js';
import { startTestApp, TEST_LEDGER_SIGNING_KEY, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

const run = (command: ReturnType<typeof createTokenCommand>, args: string[]) => command.exitOverride().parseAsync(args, { from: 'user' });

/** What the commands print, per test: stdout's lines in `out`, stderr's in `err`; the CLI works on `url()`'s database. */
function captureCli(url: () => string): { out: string[]; err: string[] } {
  const printed = { out: [] as string[], err: [] as string[] };
  const saved = { ...process.env };
  const { log, error } = console;
  beforeAll(() => {
    Object.assign(process.env, { DATABASE_URL: url(), LOG_LEVEL: 'silent', LEDGER_SIGNING_KEY: TEST_LEDGER_SIGNING_KEY });
  });
  afterAll(() => {
    process.env = saved;
  });
  beforeEach(() => {
    printed.out.length = 0;
    printed.err.length = 0;
    console.log = (line: string) => void printed.out.push(line);
    console.error = (line: string) => void printed.err.push(line);
  });
  afterEach(() => {
    console.log = log;
    console.error = error;
  });
  return printed;
}

describe('token commands of the CLI', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());
  const { out, err } = captureCli(() => db.url);

  it('creates a token, prints it once, and revokes it', async () => {
    await run(createTokenCommand(), ['--name', 'fokus-folkeoplysning', '--role', 'provider', '--contracts', 'aalborg-impact60, other']);
    expect(out).toHaveLength(1);
    const token = out[0];
    expect(token).toMatch(/^ovt_[A-Za-z0-9_-]{43}$/);
    expect(err.join('\n')).toMatch(/provider:fokus-folkeoplysning \(contracts aalborg-impact60, other\), speaking for no party \(role-wide\).*not stored/);

    const database = new Database(new pg.Pool({ connectionString: db.url, max: 1 }));
    try {
      const service = new TokenService(database, 0);
      expect(await service.authenticate(token)).toEqual({
        name: 'fokus-folkeoplysning',
        role: 'provider',
        party: null,
        contracts: ['aalborg-impact60', 'other'],
      });
      await run(revokeTokenCommand(), ['--name', 'fokus-folkeoplysning']);
      expect(out[1]).toMatch(/^revoked 1 token of fokus-folkeoplysning/);
      expect(await service.authenticate(token)).toBeUndefined();
      await expect(run(revokeTokenCommand(), ['--name', 'fokus-folkeoplysning'])).rejects.toThrow('no active token named fokus-folkeoplysning');
    } finally {
      await database.close();
    }
  });

  it('validates the options before touching the database', () => {
    expect(tokenSpecFrom({ name: 'rigsrevisionen', role: 'auditor', allContracts: true })).toEqual({
      name: 'rigsrevisionen',
      role: 'auditor',
      party: null,
      contracts: '*',
    });
    expect(tokenSpecFrom({ name: 'kapitalfonden', role: 'investor', party: 'den-sociale-kapitalfond', allContracts: true })).toMatchObject({
      party: 'den-sociale-kapitalfond',
    });
    expect(() => tokenSpecFrom({ name: 'a-b-c', role: 'auditor' })).toThrow(/--contracts .* or --all-contracts/);
    expect(() => tokenSpecFrom({ name: 'a-b-c', role: 'auditor', contracts: 'x-1', allContracts: true })).toThrow(/not both/);
    expect(() => tokenSpecFrom({ name: 'a-b-c', role: 'admin', contracts: 'abc' })).toThrow(/role "admin" must be one of: commissioner, provider/);
    expect(() => tokenSpecFrom({ name: 'a-b-c', role: 'provider', contracts: 'abc,Not OK' })).toThrow(/"Not OK"/);
    expect(() => tokenSpecFrom({ name: 'a-b-c', role: 'provider', contracts: ' , ' })).toThrow(/non-empty list/);
  });

  it('requires --name and --role', async () => {
    const command = createTokenCommand().configureOutput({ writeErr: () => undefined });
    await expect(run(command, ['--role', 'provider', '--all-contracts'])).rejects.toThrow(/--name/);
  });
});

describe('party tokens of the CLI', () => {
  const CONTRACT = 'aalborg-impact60';
  let t: TestApp;
  let api: ApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    // A role-wide commissioner token registers the contract; the parties' tokens come after.
    const { registrar } = await createTokens(t.app, { registrar: { role: 'commissioner', contracts: [CONTRACT, 'odense-impact'] } });
    api = new ApiClient(t.baseUrl, registrar);
    expect((await api.post('/contracts', impact60(CONTRACT))).status).toBe(201);
  });
  afterAll(() => t.close());
  const { out, err } = captureCli(() => t.db.url);

  const me = async (token: string) => (await api.as(token).get('/me')).body;
  const activeTokens = async (name: string) => {
    const owner = new pg.Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      return (await owner.query('SELECT role, party FROM auth_tokens WHERE name = $1 AND revoked_at IS NULL', [name])).rows;
    } finally {
      await owner.end();
    }
  };

  it("makes the token of a party the contract's definition names for the role; /me shows the party", async () => {
    await run(createTokenCommand(), ['--name', 'aalborg-kommune', '--role', 'commissioner', '--party', 'aalborg-kommune', '--contracts', CONTRACT]);
    expect(out).toHaveLength(1);
    expect(err.join('\n')).toMatch(
      /^token for commissioner:aalborg-kommune \(contracts aalborg-impact60\), speaking for party aalborg-kommune; shown only now/,
    );
    expect(await me(out[0])).toEqual({ name: 'aalborg-kommune', role: 'commissioner', party: 'aalborg-kommune', contracts: [CONTRACT] });

    await run(createTokenCommand(), ['--name', 'kapitalfonden', '--role', 'investor', '--party', 'den-sociale-kapitalfond', '--contracts', CONTRACT]);
    expect(await me(out[1])).toEqual({ name: 'kapitalfonden', role: 'investor', party: 'den-sociale-kapitalfond', contracts: [CONTRACT] });
  });

  it('refuses a party the definition does not name for that role, naming the contract and the party it names', async () => {
    const attempt = run(createTokenCommand(), ['--name', 'odense-fond', '--role', 'investor', '--party', 'aalborg-kommune', '--contracts', CONTRACT]);
    await expect(attempt).rejects.toThrow('no token made: contract aalborg-impact60 names den-sociale-kapitalfond as its investor, not aalborg-kommune');
    expect(out).toEqual([]);
    expect(await activeTokens('odense-fond')).toEqual([]);
  });

  it('refuses a contract that is not registered yet: its parties are not known', async () => {
    const attempt = run(createTokenCommand(), [
      '--name',
      'fondet',
      '--role',
      'investor',
      '--party',
      'den-sociale-kapitalfond',
      '--contracts',
      `${CONTRACT},odense-impact`,
    ]);
    await expect(attempt).rejects.toThrow(
      /^no token made: contract odense-impact is not registered, so its parties are not known: register it first \(a role-wide commissioner token scoped to it can\), then make the token of party den-sociale-kapitalfond$/,
    );
    expect(out).toEqual([]);
    expect(await activeTokens('fondet')).toEqual([]);
  });

  it('refuses a party for a role that is no party of a contract, before opening the database', async () => {
    await expect(run(createTokenCommand(), ['--name', 'rigsrevisionen', '--role', 'auditor', '--party', 'rigsrevisionen', '--all-contracts'])).rejects.toThrow(
      'role auditor speaks for no party of a contract: only commissioner, investor, provider may have a party',
    );
    expect(await activeTokens('rigsrevisionen')).toEqual([]);
  });

  it('keeps a name to one party: another party, or none, is refused while the name has an active token; the same one is a rotation', async () => {
    await run(createTokenCommand(), ['--name', 'fokus', '--role', 'provider', '--party', 'fokus-folkeoplysning', '--contracts', CONTRACT]);
    const other = ['--name', 'fokus', '--role', 'provider', '--party', 'fokus-two', '--all-contracts'];
    await expect(run(createTokenCommand(), other)).rejects.toThrow(
      'fokus already has an active token with party fokus-folkeoplysning; revoke it first (revoke-token --name fokus)',
    );
    await expect(run(createTokenCommand(), ['--name', 'fokus', '--role', 'provider', '--all-contracts'])).rejects.toThrow(
      'fokus already has an active token with party fokus-folkeoplysning;',
    );
    await expect(
      run(createTokenCommand(), ['--name', 'fokus', '--role', 'commissioner', '--party', 'aalborg-kommune', '--contracts', CONTRACT]),
    ).rejects.toThrow('fokus already has an active token with role provider and party fokus-folkeoplysning;');
    await run(createTokenCommand(), ['--name', 'fokus', '--role', 'provider', '--party', 'fokus-folkeoplysning', '--contracts', CONTRACT]);
    expect(out).toHaveLength(2);
    expect(await me(out[1])).toMatchObject({ name: 'fokus', party: 'fokus-folkeoplysning' });
    expect(await activeTokens('fokus')).toEqual([
      { role: 'provider', party: 'fokus-folkeoplysning' },
      { role: 'provider', party: 'fokus-folkeoplysning' },
    ]);

    // A role-wide name is kept role-wide the same way.
    await run(createTokenCommand(), ['--name', 'kommunen', '--role', 'commissioner', '--contracts', CONTRACT]);
    await expect(
      run(createTokenCommand(), ['--name', 'kommunen', '--role', 'commissioner', '--party', 'aalborg-kommune', '--contracts', CONTRACT]),
    ).rejects.toThrow('kommunen already has an active token with no party (role-wide); revoke it first');
  });

  it('with --all-contracts, checks the party against no contract and says so on stderr', async () => {
    await run(createTokenCommand(), ['--name', 'fond-everywhere', '--role', 'investor', '--party', 'a-fund-of-no-contract-yet', '--all-contracts']);
    expect(out).toHaveLength(1);
    expect(err).toEqual([
      expect.stringMatching(/^token for investor:fond-everywhere \(all contracts\), speaking for party a-fund-of-no-contract-yet; shown only now/),
      'party a-fund-of-no-contract-yet was checked against no contract: the token acts as investor a-fund-of-no-contract-yet on whichever contracts ' +
        'name a-fund-of-no-contract-yet as their investor; each action is checked against the contract when it happens',
    ]);
    expect(await me(out[0])).toEqual({ name: 'fond-everywhere', role: 'investor', party: 'a-fund-of-no-contract-yet', contracts: '*' });
  });

  it("checks a party against the contract's latest terms: an amendment may name another party", async () => {
    const amended = { ...impact60(CONTRACT), parties: { ...impact60(CONTRACT).parties, investor: 'nordisk-impact-fond' } };
    expect((await api.post(`/contracts/${CONTRACT}/amendments`, { definition: amended, reason: 'The fund sold its stake' })).status).toBe(201);
    await expect(
      run(createTokenCommand(), ['--name', 'kapitalfond-2', '--role', 'investor', '--party', 'den-sociale-kapitalfond', '--contracts', CONTRACT]),
    ).rejects.toThrow('contract aalborg-impact60 names nordisk-impact-fond as its investor, not den-sociale-kapitalfond');
    await run(createTokenCommand(), ['--name', 'nordisk', '--role', 'investor', '--party', 'nordisk-impact-fond', '--contracts', CONTRACT]);
    expect(await me(out[0])).toMatchObject({ party: 'nordisk-impact-fond' });
  });
});
