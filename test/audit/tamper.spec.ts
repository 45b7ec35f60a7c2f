import { CommandBus } from '@nestjs/cqrs';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { NoteSigner, readExportDirectory, verifyExport } from '#ledger';
import { AuditExporter, SignCheckpoint } from '#ledger/service/index.js';
import { exportOfDirectory, writeExportDirectory } from '#ledger/testing/export-files.js';
import { reSignedExport } from '#ledger/testing/re-signed-export.js';
import { ApiClient } from '#test-support/api-client.js';
import { startTestApp, TEST_LEDGER_SIGNING_KEY, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { recordWorkedExample } from '#test-support/worked-example.js';
import { runAudit } from './run-audit.js';
import { EXPORT_ATTACKS, FORGERIES, prng, tamper, TAMPER_KINDS } from './tamper.js';

/**
 * Random single changes made directly in PostgreSQL as a superuser, with the append-only
 * triggers disabled, each in a transaction rolled back afterwards: the contract is exported
 * through that transaction and the offline verifier must fail, naming the changed ledger index.
 * TAMPER_CHANGES (default 100) and TAMPER_SEED choose the sample; `npm run test:tamper` runs 1,000.
 */
const CHANGES = Number(process.env.TAMPER_CHANGES ?? 100);
const SEED = Number(process.env.TAMPER_SEED ?? 9162);
const CONTRACT = 'aalborg-impact60';
const STREAM = `contract-${CONTRACT}`;
const trustedKey = NoteSigner.parse(TEST_LEDGER_SIGNING_KEY).verifier.toString();
const attacker = NoteSigner.generate('outcome-verification.test/ledger').signer;

describe(`tampering with the database: ${CHANGES} random changes (seed ${SEED}), each reported at its ledger index`, () => {
  let t: TestApp;
  let pool: pg.Pool;
  let dir: string;

  beforeAll(async () => {
    // No subscriptions or timers of the service run meanwhile: the changes below hold table locks.
    t = await startTestApp({ RUN_PROJECTIONS: 'false' });
    const contracts = [CONTRACT, 'aalborg-impact60-b'];
    const tokens = await createTokens(t.app, {
      commissioner: { role: 'commissioner', contracts },
      provider: { role: 'provider', contracts },
      payments: { role: 'payment-service', contracts },
    });
    const api = new ApiClient(t.baseUrl);
    const clients = { commissioner: api.as(tokens.commissioner), provider: api.as(tokens.provider) };
    await recordWorkedExample(clients, { contractId: 'aalborg-impact60-b', upToRow: 3, cpr: '080190-1234' });
    const example = await recordWorkedExample(clients, { contractId: CONTRACT });
    await api.as(tokens.payments).post(`/contracts/${CONTRACT}/payments/${encodeURIComponent(example.paymentId('JOB_START', 1))}/confirmation`, {
      reference: 'r-1',
      confirmedOn: '2019-03-01',
    });
    await t.app.get(CommandBus).execute(new SignCheckpoint());
    pool = new pg.Pool({ connectionString: t.db.url, max: 1 });
    dir = mkdtempSync(join(tmpdir(), 'tamper-'));
  }, 120_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await pool.end();
    await t.close();
  });

  /** The export as the service writes it, through the client's transaction (which sees its changes), verified from its folder. */
  const exportThrough = async (client: pg.PoolClient) => {
    const dir = await mkdtemp(join(tmpdir(), 'tamper-'));
    try {
      await t.app.get(AuditExporter).writeWith(client, dir, CONTRACT, STREAM);
      return await verifyExport(await readExportDirectory(dir), { trustedKey });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it('verifies the untouched export', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const report = await exportThrough(client);
      expect(report.failures).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('reports every change, naming the changed index', async () => {
    const random = prng(SEED);
    const missed: string[] = [];
    const byKind = new Map<string, number>();
    for (let i = 0; i < CHANGES; i++) {
      const kind = TAMPER_KINDS[i % TAMPER_KINDS.length];
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const change = await tamper(client, STREAM, kind, random);
        const report = await exportThrough(client);
        const named = new Set(report.failures.map((f) => f.index));
        const unnamed = change.expectedIndices.filter((index) => !named.has(index));
        if (report.ok || unnamed.length > 0)
          missed.push(
            `#${i} ${change.description}: ${report.ok ? 'verified' : `index ${unnamed.join(', ')} not named (${report.failures.map((f) => `${f.index}: ${f.message}`).join(' | ')})`}`,
          );
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    }
    expect(missed).toEqual([]);
    expect([...byKind.keys()].sort()).toEqual([...TAMPER_KINDS].sort());
  }, 600_000);

  describe('changes to the export’s files, verified by `audit verify` with the service’s key pinned', () => {
    it.each(EXPORT_ATTACKS.map((attack) => [attack.description, attack] as const))('%s', async (_, attack) => {
      const folder = join(dir, `attack-${EXPORT_ATTACKS.indexOf(attack)}`);
      await t.app.get(AuditExporter).writeTo(folder, CONTRACT, STREAM);
      await attack.apply(folder);
      const run = await runAudit(['verify', folder, '--key', trustedKey]);
      const printed = run.out.join('');
      expect(printed).toContain(attack.says);
      if (attack.verdict === 'refused') {
        expect(printed).toContain('\nNOT VERIFIED');
        expect(run.exitCode).toBe(1);
      } else {
        expect(printed).toMatch(/\nRead past \(an exporter does not write it; no signed byte depends on it\):\n {2}\S+\.jsonl: /);
        expect(printed).toContain('\nVERIFIED: ');
        expect(run.exitCode).toBe(0);
      }
    });
  });

  describe('forgeries re-signed with the forger’s own key', () => {
    const forgerFingerprint = attacker.verifier.fingerprint;

    it.each(FORGERIES.map((forgery) => [forgery.description, forgery] as const))(
      '%s: refused unless the export’s key is trusted, which the verdict then says',
      async (_, forgery) => {
        const folder = join(dir, `forgery-${FORGERIES.indexOf(forgery)}`);
        const original = join(dir, `original-${FORGERIES.indexOf(forgery)}`);
        await t.app.get(AuditExporter).writeTo(original, CONTRACT, STREAM);
        await writeExportDirectory(folder, await reSignedExport(await exportOfDirectory(original), attacker, forgery.change));

        const unpinned = await runAudit(['verify', folder]);
        expect(unpinned.out.join('')).toContain('[key]: no key pinned');
        expect(unpinned.exitCode).toBe(1);

        const pinned = await runAudit(['verify', folder, '--key', trustedKey]);
        expect(pinned.out.join('')).toContain('[key]: the export carries another public key than the one you trust');
        expect(pinned.exitCode).toBe(1);

        const trusted = await runAudit(['verify', folder, '--trust-export-key']);
        const printed = trusted.out.join('');
        if (forgery.consistent) {
          // Consistent in itself: only the fingerprint, which is not the service's, tells it apart.
          expect(printed).toContain(`\nVERIFIED WITH A KEY YOU DID NOT PIN: the export’s own key, fingerprint ${forgerFingerprint}.`);
          expect(forgerFingerprint).not.toBe(NoteSigner.parse(TEST_LEDGER_SIGNING_KEY).verifier.fingerprint);
          expect(trusted.exitCode).toBe(0);
        } else {
          expect(printed).toContain('\nNOT VERIFIED');
          expect(trusted.exitCode).toBe(1);
        }
      },
    );
  });

  it('leaves the database as it was (every change was rolled back)', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      expect((await exportThrough(client)).ok).toBe(true);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
