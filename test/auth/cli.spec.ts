import pg from 'pg';
import { createTokenCommand, revokeTokenCommand, tokenSpecFrom } from '../../apps/cli/src/create-token.command.js';
import { TokenService } from '#auth';
import { Database } from '#database';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_LEDGER_SIGNING_KEY } from '../support/test-app.js';

describe('token commands of the CLI', () => {
  let db: TestDatabase;
  const saved = { ...process.env };
  let out: string[];
  let err: string[];
  const { log, error } = console;

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    process.env.LOG_LEVEL = 'silent';
    process.env.LEDGER_SIGNING_KEY = TEST_LEDGER_SIGNING_KEY;
  });
  afterAll(async () => {
    process.env = saved;
    await db.drop();
  });
  beforeEach(() => {
    out = [];
    err = [];
    console.log = (line: string) => void out.push(line);
    console.error = (line: string) => void err.push(line);
  });
  afterEach(() => {
    console.log = log;
    console.error = error;
  });

  const run = (command: ReturnType<typeof createTokenCommand>, args: string[]) => command.exitOverride().parseAsync(args, { from: 'user' });

  it('creates a token, prints it once, and revokes it', async () => {
    await run(createTokenCommand(), ['--name', 'fokus-folkeoplysning', '--role', 'provider', '--contracts', 'aalborg-impact60, other']);
    expect(out).toHaveLength(1);
    const token = out[0];
    expect(token).toMatch(/^ovt_[A-Za-z0-9_-]{43}$/);
    expect(err.join('\n')).toMatch(/provider:fokus-folkeoplysning \(contracts aalborg-impact60, other\).*not stored/);

    const database = new Database(new pg.Pool({ connectionString: db.url, max: 1 }));
    try {
      const service = new TokenService(database, 0);
      expect(await service.authenticate(token)).toEqual({ name: 'fokus-folkeoplysning', role: 'provider', contracts: ['aalborg-impact60', 'other'] });
      await run(revokeTokenCommand(), ['--name', 'fokus-folkeoplysning']);
      expect(out[1]).toMatch(/^revoked 1 token of fokus-folkeoplysning/);
      expect(await service.authenticate(token)).toBeUndefined();
      await expect(run(revokeTokenCommand(), ['--name', 'fokus-folkeoplysning'])).rejects.toThrow('no active token named fokus-folkeoplysning');
    } finally {
      await database.close();
    }
  });

  it('validates the options before touching the database', () => {
    expect(tokenSpecFrom({ name: 'rigsrevisionen', role: 'auditor', allContracts: true })).toEqual({ name: 'rigsrevisionen', role: 'auditor', contracts: '*' });
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
