import { randomUUID } from 'node:crypto';
import { cprOf } from '../../bench/facts.js';
import { ContractRunner, ContractSnapshots } from '#contracts';
import { Database } from '#database';
import { contractStreamId, SettableClock } from '#domain';
import { cmd } from '#domain/testing/contract.harness.js';
import { PostgresEventStore, SubscriptionsHost } from '#event-store';
import { ApiClient, type ApiResponse } from '#test-support/api-client.js';
import { impact60, SHA } from '#test-support/impact60.js';
import { recordLargeContract } from '#test-support/large-contract.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

const CONTRACT = 'paging-impact60';
const C = `/contracts/${CONTRACT}`;
const OTHER = 'paging-other';
const LARGE = 'paging-large';
const T = '2019-06-30';

/** A page as every list answers it. */
interface Page {
  next: string;
  hasMore: boolean;
  [items: string]: unknown;
}

/**
 * The lists a page at a time over real HTTP on a real PostgreSQL (docs/reading.md#paging): every
 * item exactly once across pages while facts are recorded at the same time, the same pages under
 * one asOf, the settlement's lines pinned to their first page, the limits, the cursors and the
 * filters refused naming the field, and the maximum page size.
 */
describe('paged lists, over HTTP', () => {
  let t: TestApp;
  let commissioner: ApiClient;
  let provider: ApiClient;
  let auditor: ApiClient;
  let scopedAuditor: ApiClient;
  let cprs = 0;

  const at = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;
  const ok = <B = any>(response: ApiResponse<B>, status = 200): B => {
    expect({ status: response.status, body: response.status === status ? 'as expected' : response.body }).toEqual({ status, body: 'as expected' });
    return response.body;
  };
  const catchUp = () => t.app.get(SubscriptionsHost).catchUpAll();

  /** Refers a new participant, with an intake variant every third time; returns its pseudonym. */
  async function refer(contract = C): Promise<string> {
    const n = cprs++;
    const body = { cpr: cprOf(n), referredOn: '2019-01-02', intakeOutcome: 'accepted', ...(n % 3 === 0 ? { intakeVariant: 'thorough' } : {}) };
    return ok(await commissioner.post(`${contract}/referrals`, body), 201).participantId as string;
  }

  /** Enrols the participant and records a placement and its payslip: one JOB_START verified. */
  async function verifyJobStart(participantId: string, contract = C): Promise<void> {
    const P = `${contract}/participants/${participantId}`;
    ok(await provider.post(`${P}/enrolment`, { enrolledOn: '2019-01-07' }), 201);
    ok(await provider.post(`${P}/placements`, { placementId: 'A', employerRef: 'e-1', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' }), 201);
    const evidence = { evidenceId: 'ev-A', placementId: 'A', periodFrom: '2019-02-04', periodTo: '2019-02-28', source: 'eIndkomst', documentSha256: SHA(1) };
    const recorded = ok(await provider.post(`${P}/payroll-evidence`, evidence), 201);
    expect(recorded.events.map((e: { type: string }) => e.type)).toContain('OutcomeVerified');
  }

  /** Follows `next` from the start (or after `from`) to the end; the items under `key` in order, and the pages. */
  async function readAll(client: ApiClient, path: string, key: string, limit: number, from?: string): Promise<{ items: any[]; pages: Page[] }> {
    const pages: Page[] = [];
    let page: Page = ok(await client.get(at(path, `limit=${limit}${from === undefined ? '' : `&after=${encodeURIComponent(from)}`}`)));
    pages.push(page);
    while (page.hasMore) {
      page = ok(await client.get(at(path, `limit=${limit}&after=${encodeURIComponent(page.next)}`)));
      pages.push(page);
    }
    return { items: pages.flatMap((p) => p[key] as any[]), pages };
  }

  const idsOf = (items: any[], id: string): string[] => items.map((item) => item[id] as string);

  beforeAll(async () => {
    t = await startTestApp();
    const tokens = await createTokens(t.app, {
      commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: [CONTRACT, OTHER] },
      provider: { name: 'fokus-folkeoplysning', role: 'provider', contracts: [CONTRACT, OTHER] },
      auditor: { name: 'rigsrevisionen', role: 'auditor', contracts: '*' },
      scopedAuditor: { name: 'revisor', role: 'auditor', contracts: [OTHER] },
    });
    commissioner = new ApiClient(t.baseUrl, tokens.commissioner);
    provider = new ApiClient(t.baseUrl, tokens.provider);
    auditor = new ApiClient(t.baseUrl, tokens.auditor);
    scopedAuditor = new ApiClient(t.baseUrl, tokens.scopedAuditor);
    for (const id of [CONTRACT, OTHER]) {
      ok(await commissioner.post('/contracts', impact60(id)), 201);
      ok(await commissioner.post(`/contracts/${id}/activation`, { activatedOn: '2018-09-01' }), 201);
    }
    for (let i = 0; i < 12; i++) {
      const participantId = await refer();
      if (i % 2 === 0) await verifyJobStart(participantId);
    }
    await verifyJobStart(await refer(`/contracts/${OTHER}`), `/contracts/${OTHER}`);
    await catchUp();
  }, 120_000);
  afterAll(() => t?.close());

  it('returns every participant and occurrence exactly once across pages while participants are referred and occurrences verified', async () => {
    const before = {
      participants: idsOf(ok(await auditor.get(`${C}/participants?limit=1000`)).participants, 'participantId'),
      occurrences: idsOf(ok(await auditor.get(`${C}/occurrences?limit=1000`)).occurrences, 'paymentId'),
    };
    // The writer: new participants referred, enrolled and verified while the readers page.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 6; i++) await verifyJobStart(await refer());
      await catchUp();
      writing = false;
    })();
    /** Pages of 3 until the writer is done and the list is at its end. */
    const follow = async (path: string, key: string, id: string): Promise<string[]> => {
      const seen: string[] = [];
      let page: Page = { next: '', hasMore: true };
      do {
        page = ok(await auditor.get(at(path, `limit=3${page.next === '' ? '' : `&after=${encodeURIComponent(page.next)}`}`)));
        seen.push(...idsOf(page[key] as any[], id));
        // At the end for now: ask again a little later with the same cursor, as a poller would.
        if (!page.hasMore) await new Promise((resolve) => setTimeout(resolve, 10));
      } while (page.hasMore || writing);
      // Once more after the writer's last facts are in the table: the tail.
      do {
        page = ok(await auditor.get(at(path, `limit=3&after=${encodeURIComponent(page.next)}`)));
        seen.push(...idsOf(page[key] as any[], id));
      } while (page.hasMore);
      return seen;
    };
    const [participants, occurrences] = await Promise.all([
      follow(`${C}/participants`, 'participants', 'participantId'),
      follow(`${C}/occurrences`, 'occurrences', 'paymentId'),
      writer,
    ]);
    await catchUp();
    const after = {
      participants: idsOf(ok(await auditor.get(`${C}/participants?limit=1000`)).participants, 'participantId'),
      occurrences: idsOf(ok(await auditor.get(`${C}/occurrences?limit=1000`)).occurrences, 'paymentId'),
    };
    expect(after.participants).toHaveLength(before.participants.length + 6);
    expect(after.occurrences).toHaveLength(before.occurrences.length + 6);
    // Every one, once, in the list's order: those there before first, the new ones after them.
    expect(participants).toEqual(after.participants);
    expect(occurrences).toEqual(after.occurrences);
    expect(participants.slice(0, before.participants.length)).toEqual(before.participants);
    expect(occurrences.slice(0, before.occurrences.length)).toEqual(before.occurrences);
  });

  it('gives the same pages under one asOf however much is recorded after it, and a cursor of one asOf under another', async () => {
    const asOf = ok(await auditor.get(`${C}/participants?limit=1`)).asOf as string;
    const whole = {
      participants: ok(await auditor.get(`${C}/participants?limit=1000&asOf=${asOf}`)).participants,
      occurrences: ok(await auditor.get(`${C}/occurrences?limit=1000&asOf=${asOf}`)).occurrences,
    };
    const first = ok(await auditor.get(`${C}/participants?limit=2&asOf=${asOf}`));
    await verifyJobStart(await refer());
    await catchUp();
    const rest = await readAll(auditor, `${C}/participants?asOf=${asOf}`, 'participants', 2, first.next);
    expect([...first.participants, ...rest.items]).toEqual(whole.participants);
    expect((await readAll(auditor, `${C}/occurrences?asOf=${asOf}`, 'occurrences', 2)).items).toEqual(whole.occurrences);
    // The same cursor now: the same participants after it, and the one referred since at the end.
    const now = await readAll(auditor, `${C}/participants`, 'participants', 2, first.next);
    expect(idsOf(now.items, 'participantId')).toEqual([...idsOf(rest.items, 'participantId'), expect.any(String)]);
  });

  it('pages the what-if’s lines with the totals and digest of all of them on every page, pinned to the first page’s instant', async () => {
    const W = `${C}/settlement/what-if?terminatedOn=${T}`;
    const whole = ok(await auditor.get(`${W}&limit=1000`));
    expect(whole.lines.length).toBeGreaterThan(6);
    expect({ lineCount: whole.lineCount, hasMore: whole.hasMore }).toEqual({ lineCount: whole.lines.length, hasMore: false });
    const first = ok(await auditor.get(`${W}&limit=4&asOf=${whole.asOf}`));
    expect(first).toMatchObject({ lineCount: whole.lineCount, linesSha256: whole.linesSha256, due: whole.due, future: whole.future, hasMore: true });
    // Recorded between the pages: the next pages are still of the first one's settlement.
    await verifyJobStart(await refer());
    const rest = await readAll(auditor, W, 'lines', 4, first.next);
    expect([...first.lines, ...rest.items]).toEqual(whole.lines);
    for (const page of rest.pages) expect(page).toMatchObject({ asOf: whole.asOf, linesSha256: whole.linesSha256, version: whole.version });
    expect(ok(await auditor.get(`${W}&limit=1000`)).linesSha256).not.toBe(whole.linesSha256);
    // A cursor with another asOf, or of another settlement (other terms), is refused.
    const other = await auditor.get(`${W}&after=${encodeURIComponent(first.next)}&asOf=${new Date().toISOString()}`);
    expect({ status: other.status, error: other.body.error, field: other.body.field }).toEqual({ status: 400, error: 'invalid-cursor', field: 'after' });
    const terms = await auditor.get(`${W}&method=tailPeriod&after=${encodeURIComponent(first.next)}`);
    expect({ status: terms.status, field: terms.body.field }).toEqual({ status: 400, field: 'after' });
    // Filtered: one participant's lines, one outcome's.
    const participantId = whole.lines[0].participantId as string;
    const own = (await readAll(auditor, `${W}&asOf=${whole.asOf}&participantId=${participantId}`, 'lines', 1)).items;
    expect(own).toEqual(whole.lines.filter((l: any) => l.participantId === participantId));
    const jobs = (await readAll(auditor, `${W}&asOf=${whole.asOf}&outcomeCode=JOB_13W`, 'lines', 3)).items;
    expect(jobs).toEqual(whole.lines.filter((l: any) => l.outcomeCode === 'JOB_13W'));
    expect(jobs.length).toBeGreaterThan(0);
  });

  it('a line is never skipped nor repeated when a fact as recorded at or before the first page commits after it (another process’s, in flight): the next page refuses the cursor', async () => {
    const W = `${C}/settlement/what-if?terminatedOn=${T}`;
    // A participant one payslip short of a JOB_START.
    const participantId = await refer();
    const P = `${C}/participants/${participantId}`;
    ok(await provider.post(`${P}/enrolment`, { enrolledOn: '2019-01-07' }), 201);
    ok(await provider.post(`${P}/placements`, { placementId: 'A', employerRef: 'e-1', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' }), 201);
    const first = ok(await auditor.get(`${W}&limit=4`));
    expect(first.hasMore).toBe(true);
    // Another process (a runner of its own, its clock behind) records the payslip: its instant is
    // the log's last one, at or before the first page's, but it commits after that page was read.
    const other = new ContractRunner(
      t.app.get(Database),
      t.app.get(PostgresEventStore),
      new SettableClock(new Date('2000-01-01T00:00:00Z')),
      t.app.get(ContractSnapshots),
    );
    const stream = contractStreamId(CONTRACT);
    const command = cmd.evidence(participantId, 'A', 'ev-A', '2019-02-04', '2019-02-28');
    const metadata = { actor: 'provider:fokus-folkeoplysning', correlationId: randomUUID() };
    await other.executeMany(stream, 'contract', [{ streamId: stream, streamType: 'contract', command, metadata }]);
    const recorded = await t.app.get(PostgresEventStore).readStream(stream, { recordedAtOrBefore: first.asOf });
    expect(recorded.at(-1)).toMatchObject({ type: 'OutcomeVerified', data: expect.objectContaining({ participantId }) });
    // The settlement as recorded at the first page's instant has changed under the cursor: refused, not paged on.
    const next = await auditor.get(`${W}&limit=4&after=${encodeURIComponent(first.next)}`);
    expect({ status: next.status, error: next.body.error, field: next.body.field }).toEqual({ status: 400, error: 'invalid-cursor', field: 'after' });
    // From the start again (as recorded at that same instant): every line once, the new one among them.
    const again = await readAll(auditor, `${W}&asOf=${encodeURIComponent(first.asOf)}`, 'lines', 4);
    const whole = ok(await auditor.get(`${W}&asOf=${encodeURIComponent(first.asOf)}&limit=1000`));
    expect(again.items).toEqual(whole.lines);
    expect(whole.lines.filter((line: { participantId: string }) => line.participantId === participantId).length).toBeGreaterThan(0);
    expect(whole.linesSha256).not.toBe(first.linesSha256);
  });

  it('filters participants by status and intake variant, occurrences by participant, outcome and status', async () => {
    const all = (await readAll(auditor, `${C}/participants`, 'participants', 1000)).items;
    for (const status of ['referred', 'enrolled']) {
      const paged = (await readAll(auditor, `${C}/participants?status=${status}`, 'participants', 2)).items;
      expect(paged).toEqual(all.filter((p: any) => p.status === status));
      expect(paged.length).toBeGreaterThan(0);
    }
    const thorough = (await readAll(auditor, `${C}/participants?intakeVariant=thorough`, 'participants', 2)).items;
    expect(thorough).toEqual(all.filter((p: any) => p.intakeVariant === 'thorough'));
    expect(thorough.length).toBeGreaterThan(0);

    const occurrences = (await readAll(auditor, `${C}/occurrences`, 'occurrences', 1000)).items;
    const participantId = occurrences[1].participantId as string;
    expect((await readAll(auditor, `${C}/occurrences?participantId=${participantId}`, 'occurrences', 1)).items).toEqual(
      occurrences.filter((o: any) => o.participantId === participantId),
    );
    expect((await readAll(auditor, `${C}/occurrences?outcomeCode=JOB_START`, 'occurrences', 4)).items).toEqual(
      occurrences.filter((o: any) => o.outcomeCode === 'JOB_START'),
    );
    expect(ok(await auditor.get(`${C}/occurrences?outcomeCode=JOB_13W`)).occurrences).toEqual([]);
    expect((await readAll(auditor, `${C}/occurrences?status=due`, 'occurrences', 4)).items).toEqual(occurrences.filter((o: any) => o.state === 'due'));
  });

  it('refuses a bad limit, a cursor it did not hand out and an unknown filter value, naming the field', async () => {
    const participantsNext = ok(await auditor.get(`${C}/participants?limit=1`)).next as string;
    const occurrencesNext = ok(await auditor.get(`${C}/occurrences?limit=1`)).next as string;
    const feedNext = ok(await auditor.get(`${C}/feed?limit=1`)).next as string;
    const lists = [`${C}/participants`, `${C}/occurrences`, `${C}/settlement/what-if?terminatedOn=${T}`, '/ledger/leaves', `${C}/feed`, '/feed/payments'];
    const refusals: Array<[string, string]> = [];
    for (const list of lists) {
      for (const limit of ['0', '1001', 'abc', '-1', '2.5']) refusals.push([at(list, `limit=${limit}`), 'limit']);
      for (const after of ['x', 'WyJvY2N1cnJlbmNlcyIsLTFd', 'WyJvY2N1cnJlbmNlcyIsIjEiXQ']) refusals.push([at(list, `after=${after}`), 'after']);
    }
    // One list's cursor on another.
    refusals.push([`${C}/occurrences?after=${participantsNext}`, 'after'], [`${C}/participants?after=${occurrencesNext}`, 'after']);
    refusals.push([`${C}/participants?after=${feedNext}`, 'after'], [`/ledger/leaves?after=${participantsNext}`, 'after']);
    refusals.push([`${C}/settlement/what-if?terminatedOn=${T}&after=${occurrencesNext}`, 'after']);
    // Filter values the list does not know.
    refusals.push(
      [`${C}/participants?status=verified`, 'status'],
      [`${C}/participants?intakeVariant=nobody-has-this`, 'intakeVariant'],
      [`${C}/occurrences?status=owed`, 'status'],
      [`${C}/occurrences?outcomeCode=NO_SUCH_OUTCOME`, 'outcomeCode'],
      [`${C}/occurrences?participantId=p_${'0'.repeat(32)}`, 'participantId'],
      [`${C}/occurrences?participantId=070190-1234`, 'participantId'],
      [`${C}/settlement/what-if?terminatedOn=${T}&outcomeCode=NO_SUCH_OUTCOME`, 'outcomeCode'],
      [`${C}/settlement/what-if?terminatedOn=${T}&participantId=p_${'0'.repeat(32)}`, 'participantId'],
      [`/ledger/leaves?contractId=no-such-contract`, 'contractId'],
    );
    const answers = [];
    for (const [path] of refusals) {
      const response = await auditor.get(path);
      answers.push([path, response.status, response.body.field]);
    }
    expect(answers).toEqual(refusals.map(([path, field]) => [path, path.includes('contractId=no-such') ? 404 : 400, field]));
    const cursor = await auditor.get(`${C}/occurrences?after=${participantsNext}`);
    expect(cursor.body.error).toBe('invalid-cursor');
    expect((await auditor.get(`${C}/occurrences?outcomeCode=NO_SUCH_OUTCOME`)).body.error).toBe('unknown-outcome-code');
  });

  it('pages the ledger’s leaves in ledger order, a scoped caller its contracts’ only', async () => {
    await catchUp();
    const { items, pages } = await readAll(auditor, '/ledger/leaves', 'leaves', 7);
    expect(pages.length).toBeGreaterThan(2);
    expect(items.map((leaf: any) => leaf.ledgerIndex)).toEqual(items.map((_: unknown, i: number) => i));
    const mine = (await readAll(scopedAuditor, '/ledger/leaves', 'leaves', 2)).items;
    expect(mine).toEqual(items.filter((leaf: any) => leaf.streamId === `contract-${OTHER}`));
    expect(mine.length).toBeGreaterThan(2);
    expect((await readAll(auditor, `/ledger/leaves?contractId=${OTHER}`, 'leaves', 3)).items).toEqual(mine);
    expect((await scopedAuditor.get(`/ledger/leaves?contractId=${CONTRACT}`)).status).toBe(404);
  });

  it('answers 100 when no limit is given and at most 1000, on a contract of more participants than that', async () => {
    await recordLargeContract(t.app, LARGE, { participants: 1010, facts: 2500 });
    await catchUp();
    const L = `/contracts/${LARGE}`;
    const byDefault = ok(await auditor.get(`${L}/participants`));
    expect({ items: byDefault.participants.length, hasMore: byDefault.hasMore }).toEqual({ items: 100, hasMore: true });
    const most = ok(await auditor.get(`${L}/participants?limit=1000`));
    expect({ items: most.participants.length, hasMore: most.hasMore }).toEqual({ items: 1000, hasMore: true });
    const rest = ok(await auditor.get(`${L}/participants?limit=1000&after=${encodeURIComponent(most.next)}`));
    expect({ items: rest.participants.length, hasMore: rest.hasMore }).toEqual({ items: 10, hasMore: false });
    expect(new Set([...most.participants, ...rest.participants].map((p: any) => p.participantId)).size).toBe(1010);
    expect(ok(await auditor.get(`${L}/occurrences`)).occurrences.length).toBeLessThanOrEqual(100);
    expect((await auditor.get(`${L}/participants?limit=1001`)).body.field).toBe('limit');
  }, 120_000);
});
