import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { importCommand, IMPORT_EXIT, runImport } from '../../apps/cli/src/import.command.js';
import { findFreePort } from '#database';
import { ApiClient } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { jsonl } from './jsonl.js';

/** `npm run cli -- import <file> --contract <id> --url <service> --token <token>`, end to end against the real service. */
describe('the CLI import command', () => {
  const C = 'cli-import';
  let t: TestApp;
  let dir: string;
  let tokens: Record<'commissioner' | 'provider', string>;
  let out: string[];
  let err: string[];
  const output = { out: (line: string) => void out.push(line), err: (line: string) => void err.push(line) };
  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const referral = (commandId: string, cpr: string) => ({
    commandId,
    type: 'ReferParticipant',
    data: { cpr, referredOn: '2019-01-02', intakeOutcome: 'accepted' },
  });

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'ov-import-cli-'));
    tokens = await createTokens(t.app, {
      commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: [C] },
      provider: { name: 'fokus-folkeoplysning', role: 'provider', contracts: [C] },
    });
    const commissioner = new ApiClient(t.baseUrl, tokens.commissioner);
    expect((await commissioner.post('/contracts', impact60(C))).status).toBe(201);
    expect((await commissioner.post(`/contracts/${C}/activation`, { activatedOn: '2018-09-01' })).status).toBe(201);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });
  beforeEach(() => {
    out = [];
    err = [];
  });

  it('sends the file, prints the summary and exits 0 when every line was applied; re-running finds only duplicates', async () => {
    const path = file('referrals.jsonl', jsonl([referral('cli:0001', '010180-1111'), referral('cli:0002', '020280-2222')]));
    expect(await runImport({ file: path, contract: C, url: t.baseUrl, token: tokens.commissioner }, output)).toBe(IMPORT_EXIT.ok);
    expect(out[0]).toBe(`import into ${C}: 2 lines: 2 accepted, 0 duplicates (already imported), 0 rejected`);
    expect(out.join('\n')).not.toMatch(/010180|020280/);
    expect(err).toEqual([]);

    out = [];
    expect(await runImport({ file: path, contract: C, url: `${t.baseUrl}/`, token: tokens.commissioner }, output)).toBe(IMPORT_EXIT.ok);
    expect(out[0]).toBe(`import into ${C}: 2 lines: 0 accepted, 2 duplicates (already imported), 0 rejected`);
  });

  it('lists the rejected lines and exits 1', async () => {
    const path = file('mixed.jsonl', jsonl([referral('cli:0003', '030380-3333'), '{oops', referral('cli:0005', '310280-5555')]));
    const saved = process.env.OUTCOMES_TOKEN;
    process.env.OUTCOMES_TOKEN = tokens.commissioner;
    try {
      expect(await runImport({ file: path, contract: C, url: t.baseUrl }, output)).toBe(IMPORT_EXIT.rejectedLines);
    } finally {
      process.env.OUTCOMES_TOKEN = saved;
    }
    expect(out).toEqual([
      `import into ${C}: 3 lines: 1 accepted, 0 duplicates (already imported), 2 rejected`,
      'recorded 1 event; outcomes 0 verified, 0 reversed (net 0,00); contract log at version 5',
      'referrals: 1 participant pseudonym in the report (--json to see them)',
      'rejected lines:',
      '  line 2: invalid-json: The line is not valid JSON (at character 2).',
      '  line 3 (cli:0005): invalid-cpr-date [data.cpr]: The date part of the CPR number is not a real date.',
    ]);
  });

  it('prints the report as JSON with --json, and sends .gz files compressed', async () => {
    const path = file('referrals.jsonl.gz', gzipSync(jsonl([referral('cli:0006', '060680-6666')])));
    expect(await runImport({ file: path, contract: C, url: t.baseUrl, token: tokens.commissioner, json: true }, output)).toBe(IMPORT_EXIT.ok);
    expect(JSON.parse(out.join('\n'))).toMatchObject({
      contractId: C,
      lines: 1,
      accepted: 1,
      referrals: [{ line: 1, commandId: 'cli:0006', participantId: expect.stringMatching(/^p_/) }],
    });
  });

  it('exits 2 when the import cannot be made: no token, bad token, forbidden, unknown file, unreachable service', async () => {
    const path = file('one.jsonl', jsonl([referral('cli:0007', '070780-7777')]));
    const saved = process.env.OUTCOMES_TOKEN;
    delete process.env.OUTCOMES_TOKEN;
    try {
      expect(await runImport({ file: path, contract: C, url: t.baseUrl }, output)).toBe(IMPORT_EXIT.failed);
    } finally {
      process.env.OUTCOMES_TOKEN = saved;
    }
    expect(await runImport({ file: path, contract: C, url: t.baseUrl, token: `ovt_${'x'.repeat(43)}` }, output)).toBe(IMPORT_EXIT.failed);
    expect(await runImport({ file: path, contract: 'other-contract', url: t.baseUrl, token: tokens.provider }, output)).toBe(IMPORT_EXIT.failed);
    expect(await runImport({ file: join(dir, 'missing.jsonl'), contract: C, url: t.baseUrl, token: tokens.provider }, output)).toBe(IMPORT_EXIT.failed);
    expect(await runImport({ file: file('empty.jsonl', ''), contract: C, url: t.baseUrl, token: tokens.provider }, output)).toBe(IMPORT_EXIT.failed);
    const closed = await findFreePort();
    expect(await runImport({ file: path, contract: C, url: `http://127.0.0.1:${closed}`, token: tokens.provider }, output)).toBe(IMPORT_EXIT.failed);
    expect(out).toEqual([]);
    expect(err).toEqual([
      'import failed: give --token <token> or set OUTCOMES_TOKEN',
      'import failed: the service answered 401: the bearer token is unknown or revoked',
      'import failed: the service answered 404 contract-not-found: No contract other-contract is registered.',
      `import failed: no such file: ${join(dir, 'missing.jsonl')}`,
      'import failed: the service answered 400 empty-import: The import holds no lines: one JSON command per line.',
      expect.stringMatching(new RegExp(`^import failed: cannot reach http://127.0.0.1:${closed}: .*ECONNREFUSED`)),
    ]);
  });

  it('parses its arguments as `import <file> --contract <id> --url <url> --token <token>`', async () => {
    const path = file('args.jsonl', jsonl([referral('cli:0008', '080880-8888')]));
    const { log } = console;
    const lines: string[] = [];
    console.log = (line: string) => void lines.push(line);
    const codes: number[] = [];
    try {
      const run = (args: string[]) =>
        importCommand((code) => void codes.push(code))
          .exitOverride()
          .parseAsync(args, { from: 'user' });
      await run([path, '--contract', C, '--url', t.baseUrl, '--token', tokens.commissioner]);
      await run([file('bad.jsonl', 'nope\n'), '--contract', C, '--url', t.baseUrl, '--token', tokens.commissioner]);
    } finally {
      console.log = log;
    }
    expect(codes).toEqual([IMPORT_EXIT.ok, IMPORT_EXIT.rejectedLines]);
    expect(lines[0]).toMatch(/1 line: 1 accepted/);
    expect(lines).toContain('  line 1: invalid-json: The line is not valid JSON.');
  });
});
