import { CommandBus } from '@nestjs/cqrs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NoteSigner, readExportDirectory, verifyExport } from '#ledger';
import { SubscriptionsHost } from '#event-store';
import { SignCheckpoint } from '#ledger/service/index.js';
import { recordContract } from '../../bench/synthetic-contract.js';
import { startTestApp, TEST_LEDGER_SIGNING_KEY, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { untar } from './tar-files.js';

const CONTRACT = 'heavy-reads-300';
const trustedKey = NoteSigner.parse(TEST_LEDGER_SIGNING_KEY).verifier.toString();

describe('heavy reads: the audit export streams, and each principal runs a limited number at once', () => {
  let t: TestApp;
  let tokens: Record<'auditor' | 'other-auditor' | 'evaluator', string>;
  let events: number;
  const dirs: string[] = [];

  const get = (path: string, token: string) => fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await startTestApp({ HEAVY_READS_PER_PRINCIPAL: '1' });
    tokens = await createTokens(t.app, {
      auditor: { role: 'auditor', contracts: '*' },
      'other-auditor': { role: 'auditor', contracts: '*' },
      evaluator: { role: 'evaluator', contracts: '*' },
    });
    // A year of 300 participants: about 14,000 events.
    events = await recordContract({ app: t.app }, CONTRACT, 300, 52);
    // The projections and the sequencer catch up first, as they have in a service that has run:
    // what /health waits for below is then the export's doing, not theirs.
    await t.app.get(SubscriptionsHost).catchUpAll();
    await t.app.get(CommandBus).execute(new SignCheckpoint());
  }, 300_000);
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('answers /health while a sizeable export is being made, and the export verifies', async () => {
    const started = performance.now();
    let finished = 0;
    const exported = (async () => {
      const response = await get(`/contracts/${CONTRACT}/audit-export`, tokens.auditor);
      expect(response.status).toBe(200);
      const archive = Buffer.from(await response.arrayBuffer());
      finished = performance.now();
      return archive;
    })();
    const waits: number[] = [];
    while (finished === 0) {
      const asked = performance.now();
      await (await fetch(`${t.baseUrl}/health`)).arrayBuffer();
      if (finished === 0) waits.push(performance.now() - asked);
    }
    const archive = await exported;
    const exportMs = finished - started;
    // Built whole on the event loop, the export held /health for about as long as it took.
    expect(waits.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...waits)).toBeLessThan(exportMs / 4);

    const dir = mkdtempSync(join(tmpdir(), 'heavy-reads-'));
    dirs.push(dir);
    const names = await untar(archive, dir);
    const report = await verifyExport(await readExportDirectory(join(dir, names[0].split('/')[0])), { trustedKey });
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(JSON.parse(await (await import('node:fs/promises')).readFile(join(dir, names[0]), 'utf8')).events).toBe(events);
  }, 120_000);

  it('refuses heavy reads of a principal beyond its limit with 429 and Retry-After, and serves another principal meanwhile', async () => {
    // HEAVY_READS_PER_PRINCIPAL is 1 here, and an export of this contract takes seconds to write.
    const responses = await Promise.all([
      get(`/contracts/${CONTRACT}/audit-export`, tokens.auditor),
      get(`/contracts/${CONTRACT}/audit-export`, tokens.auditor),
      get(`/contracts/${CONTRACT}/audit-export`, tokens.auditor),
      get(`/contracts/${CONTRACT}/audit-export`, tokens['other-auditor']),
      get(`/contracts/${CONTRACT}/report`, tokens.evaluator),
    ]);
    const bodies = await Promise.all(
      responses.map(async (r) => ({
        status: r.status,
        retryAfter: r.headers.get('retry-after'),
        type: r.headers.get('content-type'),
        body: Buffer.from(await r.arrayBuffer()),
      })),
    );
    const own = bodies.slice(0, 3).sort((a, b) => a.status - b.status);
    expect(own.map((r) => r.status)).toEqual([200, 429, 429]);
    for (const refused of own.slice(1)) {
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(refused.type).toMatch(/^application\/json/);
      expect(JSON.parse(refused.body.toString('utf8'))).toEqual({
        statusCode: 429,
        error: 'too-many-heavy-reads',
        message: expect.stringContaining('Retry after'),
      });
    }
    expect(bodies[3].status).toBe(200);
    expect(bodies[4].status).toBe(200);
    // Its read done, the principal may start another.
    const later = await get(`/contracts/${CONTRACT}/audit-export`, tokens.auditor);
    expect(later.status).toBe(200);
    await later.arrayBuffer();
  }, 120_000);
});
