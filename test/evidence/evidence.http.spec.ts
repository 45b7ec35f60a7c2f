import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { EXPORT_EXIT, runEvidenceExport } from '../../apps/cli/src/export-evidence.command.js';
import { computeFigures } from '#evidence';
import { headLeafHash, NoteVerifier, openCheckpoint, verifyInclusion } from '#ledger';
import { ApiClient } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { csvRows, profileProblems, type Resource, sha256, tableProblems, tablesFromCsv, unzip } from './package-reader.js';
import { type SyntheticLine, syntheticWeeks } from './synthetic-contract.js';

const CHROMIUM = '/usr/bin/chromium';
const withChromium = existsSync(CHROMIUM) ? it : it.skip;
if (!existsSync(CHROMIUM)) {
  console.warn(`SKIPPED: the report's browser test needs Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`);
}

/** Evaluators' evidence over real HTTP: the package, the figures, the report, the CLI, the export as a fact. */
describe('evaluators: evidence package, figures and report', () => {
  const C = 'evidence-impact60';
  let t: TestApp;
  let tokens: Record<'commissioner' | 'provider' | 'payments' | 'evaluator' | 'evaluator2' | 'auditor' | 'investor', string>;
  let api: ApiClient;
  let asOf: string;
  let earlier: string;
  let dir: string;
  const { weeks, cprs, pseudonyms } = syntheticWeeks({ seed: 11, citizens: 80, weeks: 52 });

  const download = async (token: string, query = ''): Promise<{ status: number; zip: Buffer; headers: Headers; body?: unknown }> => {
    const response = await fetch(`${t.baseUrl}/contracts/${C}/evidence-package${query}`, { headers: { authorization: `Bearer ${token}` } });
    const zip = Buffer.from(await response.arrayBuffer());
    return { status: response.status, zip, headers: response.headers, body: response.status === 200 ? undefined : JSON.parse(zip.toString('utf8')) };
  };
  const read = async (zip: Buffer) => {
    const files = await unzip(zip);
    const descriptor = JSON.parse(files.get('datapackage.json')!.toString('utf8'));
    return { files, descriptor, resources: descriptor.resources as Resource[] };
  };
  const exportsRecorded = async () => (await api.as(tokens.auditor).get(`/contracts/${C}/evidence-exports`)).body.exports as Array<Record<string, any>>;

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'ov-evidence-http-'));
    const scoped = (role: string, name?: string) => ({ role: role as never, contracts: [C], ...(name ? { name } : {}) });
    tokens = await createTokens(t.app, {
      commissioner: scoped('commissioner', 'aalborg-kommune'),
      provider: scoped('provider', 'fokus-folkeoplysning'),
      payments: scoped('payment-service', 'aalborg-udbetaling'),
      evaluator: scoped('evaluator', 'aarhus-university'),
      evaluator2: scoped('evaluator', 'another-evaluator'),
      auditor: scoped('auditor', 'rigsrevisionen'),
      investor: scoped('investor', 'den-sociale-kapitalfond'),
    });
    api = new ApiClient(t.baseUrl);
    const commissioner = api.as(tokens.commissioner);
    expect((await commissioner.post('/contracts', impact60(C))).status).toBe(201);
    expect((await commissioner.post(`/contracts/${C}/activation`, { activatedOn: '2018-09-01' })).status).toBe(201);
    const send = async (token: string, lines: SyntheticLine[]) => {
      if (lines.length === 0) return;
      const body = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
      const response = await api.as(token).post(`/contracts/${C}/imports`, body, { 'content-type': 'application/x-ndjson' });
      expect(response.status).toBe(200);
    };
    for (const [i, week] of weeks.entries()) {
      await send(
        tokens.commissioner,
        week.commissioner.filter((l) => l.type === 'ReferParticipant'),
      );
      await send(tokens.provider, week.provider);
      await send(
        tokens.commissioner,
        week.commissioner.filter((l) => l.type !== 'ReferParticipant'),
      );
      if (i === 20) earlier = new Date().toISOString();
    }
    // The payment service confirms what was verified: a month after achievement, so payments fall in several months.
    const feed = (await api.as(tokens.payments).get(`/contracts/${C}/feed?limit=1000`)).body.events as Array<{
      type: string;
      data: { paymentId: string; achievedOn: string };
    }>;
    const reversed = new Set(feed.filter((e) => e.type.includes('reversed')).map((e) => e.data.paymentId));
    const confirmations = feed
      .filter((e) => e.type.includes('verified') && !reversed.has(e.data.paymentId) && e.data.achievedOn < '2019-07-01')
      .map((e, i) => ({
        commandId: `pay-${i}`,
        type: 'ConfirmPayment',
        data: { paymentId: e.data.paymentId, reference: `UDB-${i}`, confirmedOn: `${e.data.achievedOn.slice(0, 8)}28` },
      }));
    await send(tokens.payments, confirmations);
    asOf = new Date().toISOString();
  }, 180_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('sends a valid Data Package (v2): every CSV keeps its Table Schema, sizes and hashes hold, and X-Package-SHA256 is the file’s', async () => {
    const before = (await api.as(tokens.commissioner).get(`/contracts/${C}`)).body.version as number;
    const { status, zip, headers } = await download(tokens.evaluator, `?asOf=${encodeURIComponent(asOf)}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/zip');
    expect(headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${C}-evidence-[0-9a-f-]{36}\\.zip"$`));
    expect(headers.get('x-package-sha256')).toBe(sha256(zip));
    const { files, descriptor, resources } = await read(zip);
    expect(profileProblems(descriptor)).toEqual([]);
    expect(tableProblems(resources, files)).toEqual([]);
    for (const r of resources) expect([r.path, r.bytes, r.hash]).toEqual([r.path, files.get(r.path)!.length, `sha256:${sha256(files.get(r.path)!)}`]);
    expect(descriptor.evidence).toMatchObject({ contractId: C, takenAt: { streamVersion: before }, dateGranularity: 'day', pseudonyms: { studyKey: null } });
    expect(descriptor.evidence.takenAt.globalPosition).toMatch(/^\d+$/);
    // Tied to the verifiable ledger: a checkpoint signed by the service's key, whose signed heads
    // hold the contract's head, covering the package's log position.
    const ledger = descriptor.evidence.ledger;
    const opened = openCheckpoint(ledger.checkpoint, NoteVerifier.parse((await api.get('/ledger/public-key')).body.verifierKey));
    if (!('checkpoint' in opened)) throw new Error(opened.problem);
    expect(ledger.coversStreamVersions).toBeGreaterThanOrEqual(before);
    const head = {
      streamId: `contract-${C}`,
      index: Number(ledger.contractHead.ledgerIndex),
      leafHash: ledger.contractHead.leafHash,
      leaves: ledger.coversStreamVersions,
    };
    const path = ledger.headProof.path.map((hex: string) => Buffer.from(hex, 'hex'));
    expect(verifyInclusion(ledger.headProof.position, ledger.headProof.count, headLeafHash(head), path, opened.checkpoint.heads.root)).toEqual({ ok: true });
    expect(csvRows(files.get('data/participants.csv')!).rows).toHaveLength(80);
  });

  it('the figures endpoint gives exactly what the package’s CSVs give, and its counts are the CSVs’ own', async () => {
    const q = `?asOf=${encodeURIComponent(asOf)}`;
    const figures = await api.as(tokens.evaluator).get(`/contracts/${C}/figures${q}`);
    expect(figures.status).toBe(200);
    const { files } = await read((await download(tokens.evaluator, q)).zip);
    const { contractId, asOf: at, version, ...served } = figures.body;
    expect(contractId).toBe(C);
    expect(served).toEqual(computeFigures(tablesFromCsv(files)));

    // The same counts by hand, straight from the rows.
    const participants = csvRows(files.get('data/participants.csv')!).rows;
    const enrolled = participants.filter((p) => p.enrolledOn !== '');
    const step = (name: string) => served.funnel.find((s: { step: string }) => s.step === name).participants;
    expect(step('referred')).toBe(participants.length);
    expect(step('enrolled')).toBe(enrolled.length);
    const lasting = new Set(
      csvRows(files.get('data/occurrences.csv')!)
        .rows.filter((o) => o.outcome === 'SELF_SUPPORT_26W' && o.status === 'verified')
        .map((o) => o.participant),
    );
    for (const row of served.dropout.byIntakeVariant) {
      const group = enrolled.filter((p) => p.intakeVariant === row.intakeVariant);
      const dropped = group.filter((p) => p.withdrawnOn !== '' && !lasting.has(p.participant));
      expect([row.enrolled, row.droppedOut]).toEqual([group.length, dropped.length]);
    }
    expect(served.suppression.minimumCell).toBe(5);
  });

  it('holds no CPR number, no in-service pseudonym and no employer reference, compressed or not', async () => {
    const { zip } = await download(tokens.evaluator);
    const { files } = await read(zip);
    const texts = [zip.toString('latin1'), ...[...files.values()].map((b) => b.toString('utf8'))];
    for (const text of texts) {
      for (const cpr of cprs) expect(text.includes(cpr) || text.includes(cpr.replace('-', ''))).toBe(false);
      for (const p of pseudonyms) expect(text.includes(p)).toBe(false);
      expect(text).not.toMatch(/p_[0-9a-f]{32}|employer-\d{3}/);
    }
  });

  it('two exports share no pseudonym; a study key gives the same ones each time, and only to that evaluator', async () => {
    const ids = async (token: string, query = '') =>
      csvRows((await read((await download(token, query)).zip)).files.get('data/participants.csv')!).rows.map((r) => r.participant);
    const [a, b] = [await ids(tokens.evaluator), await ids(tokens.evaluator)];
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    const [s1, s2] = [await ids(tokens.evaluator, '?studyKey=impact60-study'), await ids(tokens.evaluator, '?studyKey=impact60-study')];
    expect(s2).toEqual(s1);
    expect((await ids(tokens.evaluator2, '?studyKey=impact60-study')).filter((id) => s1.includes(id))).toEqual([]);
  });

  it('coarsens dates to ISO weeks or months on request; the package still validates', async () => {
    for (const [granularity, shape] of [
      ['week', /^\d{4}-W\d{2}$/],
      ['month', /^\d{4}-\d{2}$/],
    ] as const) {
      const { files, descriptor, resources } = await read((await download(tokens.auditor, `?dateGranularity=${granularity}`)).zip);
      expect(profileProblems(descriptor)).toEqual([]);
      expect(tableProblems(resources, files)).toEqual([]);
      expect(csvRows(files.get('data/participants.csv')!).rows.every((p) => shape.test(p.referredOn))).toBe(true);
    }
  });

  it('records every export as a fact auditors can read: who, when, options, the package’s hash', async () => {
    const { headers } = await download(tokens.evaluator, '?dateGranularity=month&studyKey=recorded-study');
    const recorded = await exportsRecorded();
    const last = recorded[recorded.length - 1];
    expect(last).toMatchObject({
      actor: 'evaluator:aarhus-university',
      exportId: headers.get('x-export-id'),
      options: { dateGranularity: 'month', studyKey: 'recorded-study' },
      packageSha256: headers.get('x-package-sha256'),
    });
    expect(last.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await api.as(tokens.evaluator).get(`/contracts/${C}/evidence-exports`)).status).toBe(403);
  });

  it('refuses bad options with a 400 naming the field, never echoing them, and records nothing', async () => {
    const before = (await exportsRecorded()).length;
    for (const [query, field] of [
      ['?dateGranularity=year', 'dateGranularity'],
      ['?studyKey=010190-1234', 'studyKey'],
      ['?studyKey=study-0101901234', 'studyKey'],
      ['?asOf=yesterday', 'asOf'],
      ['?colour=red', 'colour'],
    ] as const) {
      const { status, body } = await download(tokens.evaluator, query);
      expect([query, status, (body as { field?: string }).field]).toEqual([query, 400, field]);
      expect(JSON.stringify(body)).not.toContain('010190');
    }
    expect(await download(tokens.evaluator, '?asOf=2000-01-01T00:00:00Z')).toMatchObject({
      status: 400,
      body: { error: 'as-of-before-contract', field: 'asOf' },
    });
    expect((await exportsRecorded()).length).toBe(before);
  });

  it('answers as recorded at an earlier instant: fewer participants then', async () => {
    const then = await api.as(tokens.investor).get(`/contracts/${C}/figures?asOf=${encodeURIComponent(earlier)}`);
    const now = await api.as(tokens.investor).get(`/contracts/${C}/figures`);
    expect(then.status).toBe(200);
    expect(then.body.version).toBeLessThan(now.body.version);
    expect(then.body.observedUntil <= now.body.observedUntil).toBe(true);
  });

  it('serves the report as one self-contained HTML page: a chart per figure, each with its table, no scripts, nothing to fetch', async () => {
    const response = await fetch(`${t.baseUrl}/contracts/${C}/report`, { headers: { authorization: `Bearer ${tokens.commissioner}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html.match(/<section class="figure"/g)).toHaveLength(7);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html.match(/<table>/g)).toHaveLength(7);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/p_[0-9a-f]{32}/);
  });

  it('the CLI writes the package and the report, checking the package’s hash', async () => {
    const out = join(dir, 'impact60.zip');
    const lines: string[] = [];
    const output = { out: (l: string) => void lines.push(l), err: (l: string) => void lines.push(l) };
    expect(await runEvidenceExport({ contract: C, out, report: true, dateGranularity: 'week', url: t.baseUrl, token: tokens.evaluator }, output)).toBe(
      EXPORT_EXIT.ok,
    );
    expect(existsSync(join(dir, 'impact60.html'))).toBe(true);
    const zip = readFileSync(out);
    expect(lines[0]).toContain(`SHA-256 ${sha256(zip)}`);
    expect((await read(zip)).descriptor.evidence.dateGranularity).toBe('week');
    expect(readFileSync(join(dir, 'impact60.html'), 'utf8')).toContain('<svg');
    expect(await runEvidenceExport({ contract: C, out: join(dir, 'x.zip'), dateGranularity: 'year', url: t.baseUrl, token: tokens.evaluator }, output)).toBe(
      EXPORT_EXIT.failed,
    );
    expect(await runEvidenceExport({ contract: C, out: join(dir, 'y.zip'), url: t.baseUrl, token: tokens.provider }, output)).toBe(EXPORT_EXIT.failed);
    expect(existsSync(join(dir, 'y.zip'))).toBe(false);
    expect(lines[lines.length - 1]).toContain('403');
  });

  withChromium('the report opens in a real headless Chromium with nothing fetched but the page, and every chart drew marks', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'ov-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1100, height: 900 },
      extraHTTPHeaders: { authorization: `Bearer ${tokens.evaluator}` },
    });
    try {
      const requested: string[] = [];
      context.on('request', (request) => requested.push(request.url()));
      const page = await context.newPage();
      const url = `${t.baseUrl}/contracts/${C}/report`;
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);
      const screenshot = join(dir, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(50_000);
      const charts = await page.$$eval('figure[data-chart]', (figures) =>
        figures.map((figure) => {
          const svg = figure.querySelector('svg');
          const marks = [...figure.querySelectorAll('svg g.role-mark > *')].filter((mark) => {
            const box = (mark as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return box.width > 0 || box.height > 0;
          });
          const texts = (selector: string) => [...figure.querySelectorAll(selector)].map((node) => node.textContent ?? '').filter((text) => text !== '');
          const section = figure.closest('section')!;
          return {
            chart: figure.getAttribute('data-chart'),
            drawn: svg !== null && svg.getBoundingClientRect().width > 100,
            marks: marks.length,
            title: texts('svg g.role-title text').join(' '),
            axisTitles: texts('svg g.role-axis-title text').length,
            tableRows: section.querySelectorAll('table tbody tr').length,
            caption: section.querySelector('table caption')?.textContent ?? '',
          };
        }),
      );
      expect(charts.map((c) => c.chart)).toEqual([
        'funnel',
        'dropout',
        'jobs-before-lasting',
        'time-to-first-job',
        'time-to-lasting-attachment',
        'outcomes-by-month',
        'money-against-caps',
      ]);
      for (const chart of charts) {
        if (!chart.drawn) continue; // nothing to draw (every cell withheld): said in words instead, checked below
        expect([chart.chart, chart.marks > 0, chart.title !== '', chart.axisTitles >= 2, chart.tableRows > 0, chart.caption !== '']).toEqual([
          chart.chart,
          true,
          true,
          true,
          true,
          true,
        ]);
      }
      expect(charts.filter((c) => c.drawn).length).toBeGreaterThanOrEqual(6);
      expect(await page.locator('p.empty').count()).toBe(charts.filter((c) => !c.drawn).length);
      expect(requested).toEqual([url]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
