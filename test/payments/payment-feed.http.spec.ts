import { CloudEvent, HTTP } from 'cloudevents';
import { Database } from '#database';
import { ApiClient } from '#test-support/api-client.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { recordWorkedExample, type WorkedExample } from '#test-support/worked-example.js';
import { type FeedEvent, page, pageOnceHolding, readToEnd, TYPES } from './feed-client.js';

/**
 * The payment service's feed (docs/rules.md §10): the worked example of §5 recorded over HTTP, then
 * read back as CloudEvents, paged, replayed, deduplicated, scoped, and extended by a confirmation.
 */
describe('the payment feed, over HTTP', () => {
  let t: TestApp;
  let example: WorkedExample;
  let other: WorkedExample;
  let clients: Record<string, ApiClient>;
  const A = 'aalborg-impact60';
  const B = 'odense-impact';
  const FEED = '/feed/payments';
  const CONTRACT_FEED = `/contracts/${A}/feed`;

  beforeAll(async () => {
    t = await startTestApp();
    const tokens = await createTokens(t.app, {
      commissioner: { role: 'commissioner', contracts: [A, B] },
      provider: { role: 'provider', contracts: [A, B] },
      investor: { role: 'investor', contracts: [A] },
      auditor: { role: 'auditor', contracts: [A] },
      'payer-all': { role: 'payment-service', contracts: '*' },
      'payer-a': { role: 'payment-service', contracts: [A] },
      'payer-b': { role: 'payment-service', contracts: [B] },
      evaluator: { role: 'evaluator', contracts: '*' },
    });
    clients = Object.fromEntries(Object.entries(tokens).map(([key, token]) => [key, new ApiClient(t.baseUrl, token)]));
    const facts = { commissioner: clients.commissioner, provider: clients.provider };
    // B's first outcome is recorded before all of A's, so the global feed interleaves two contracts.
    other = await recordWorkedExample(facts, { contractId: B, cpr: '150385-1234', upToRow: 1 });
    example = await recordWorkedExample(facts, { contractId: A });
  });
  afterAll(() => t.close());

  const pick = (e: FeedEvent) => [e.type, e.data.outcomeCode, e.data.occurrence, e.data.revision, e.data.amount];

  /** The stored outcome events of a contract, in the log's commit-safe order. */
  async function storedOutcomes(contractId: string): Promise<Array<{ event_id: string; event_type: string; recorded_at: Date }>> {
    const { rows } = await t.app.get(Database).pool.query(
      `SELECT event_id, event_type, recorded_at FROM es_events
        WHERE stream_id = $1 AND event_type IN ('OutcomeVerified', 'OutcomeReversed', 'PaymentConfirmed')
        ORDER BY transaction_id, global_position`,
      [`contract-${contractId}`],
    );
    return rows;
  }

  it('lists exactly the verified and reversed occurrences of the worked example, in log order, with their payment identities', async () => {
    const body = await pageOnceHolding(clients['payer-a'], FEED, 6);
    expect(body.hasMore).toBe(false);
    expect(body.events.map(pick)).toEqual([
      [TYPES.verified, 'JOB_START', 1, 1, 2_000_000],
      [TYPES.verified, 'JOB_13W', 1, 1, 3_000_000],
      [TYPES.verified, 'SELF_SUPPORT_26W', 1, 1, 6_000_000],
      [TYPES.verified, 'JOB_13W', 2, 1, 0],
      [TYPES.reversed, 'SELF_SUPPORT_26W', 1, 1, -6_000_000],
      [TYPES.verified, 'SELF_SUPPORT_26W', 1, 2, 6_000_000],
    ]);
    expect(body.events.map((e) => e.subject)).toEqual([
      example.paymentId('JOB_START', 1),
      example.paymentId('JOB_13W', 1),
      example.paymentId('SELF_SUPPORT_26W', 1, 1),
      example.paymentId('JOB_13W', 2),
      example.paymentId('SELF_SUPPORT_26W', 1, 1),
      example.paymentId('SELF_SUPPORT_26W', 1, 2),
    ]);
    expect(body.events[3].data).toEqual({
      contractId: A,
      paymentId: example.paymentId('JOB_13W', 2),
      participantId: example.participantId,
      outcomeCode: 'JOB_13W',
      occurrence: 2,
      revision: 1,
      achievedOn: '2019-08-25',
      price: 3_000_000,
      amount: 0,
      capReason: 'participant-cap',
      currency: 'DKK',
    });
    expect(body.events[4].data).toEqual({
      contractId: A,
      paymentId: example.paymentId('SELF_SUPPORT_26W', 1, 1),
      participantId: example.participantId,
      outcomeCode: 'SELF_SUPPORT_26W',
      occurrence: 1,
      revision: 1,
      amount: -6_000_000,
      reason: 'no-longer-holds',
      currency: 'DKK',
    });
    expect(body.events.map((e) => e.data.achievedOn)).toEqual(['2019-02-04', '2019-05-26', '2019-08-04', '2019-08-25', undefined, '2019-11-17']);
    // The same as the service answered when the facts were recorded, field by field.
    expect(body.events.map((e) => e.data)).toEqual(
      example.outcomes.map((o) =>
        expect.objectContaining({
          paymentId: o.data.paymentId,
          participantId: o.data.participantId,
          outcomeCode: o.data.outcomeCode,
          amount: o.data.amount,
        }),
      ),
    );
  });

  it('gives each event its stored id, the same on every read, and the instant it was recorded', async () => {
    const stored = await storedOutcomes(A);
    const first = (await page(clients['payer-a'], FEED)).events;
    const again = (await page(clients['payer-all'], CONTRACT_FEED)).events;
    expect(first.map((e) => e.id)).toEqual(stored.map((row) => row.event_id));
    expect(again.map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(again.map((e) => e.sequence)).toEqual(first.map((e) => e.sequence));
    // `time` is the recorded instant (to the millisecond: the package writes RFC 3339 with milliseconds).
    first.forEach((e, i) => expect(Math.abs(Date.parse(e.time) - stored[i].recorded_at.getTime())).toBeLessThanOrEqual(1));
  });

  it('serves valid CloudEvents 1.0 in structured JSON, which the cloudevents package parses back', async () => {
    const { events } = await page(clients['payer-a'], FEED);
    for (const json of events) {
      expect(json).toMatchObject({
        specversion: '1.0',
        source: `/contracts/${A}`,
        datacontenttype: 'application/json',
        sequence: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      });
      expect(json.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(json.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const parsed = HTTP.toEvent({ headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(json) }) as CloudEvent<any>;
      expect(parsed).toBeInstanceOf(CloudEvent);
      expect(parsed.validate()).toBe(true);
      expect(parsed).toMatchObject({ id: json.id, type: json.type, source: json.source, subject: json.subject, sequence: json.sequence });
      expect(parsed.data).toEqual(json.data);
    }
    expect(new Set(events.map((e) => `${e.source} ${e.id}`)).size).toBe(events.length);
  });

  it('pages with limit=2 following next to the same sequence as one page, and ends with the same cursor', async () => {
    const whole = await page(clients['payer-a'], FEED, { limit: 1000 });
    const paged = await readToEnd(clients['payer-a'], FEED, { limit: 2 });
    expect(paged.events).toEqual(whole.events);
    expect(paged.pages).toBe(3);
    expect(paged.next).toBe(whole.next);
    expect(paged.next).toBe(whole.events[whole.events.length - 1].sequence);
    // At the end: an empty page, the same cursor back, nothing more.
    expect(await page(clients['payer-a'], FEED, { after: paged.next })).toEqual({ events: [], next: paged.next, hasMore: false });
    // hasMore says so when a full page leaves more behind.
    expect(await page(clients['payer-a'], FEED, { limit: 6 })).toMatchObject({ hasMore: false });
    expect(await page(clients['payer-a'], FEED, { limit: 5 })).toMatchObject({ hasMore: true });
  });

  it("replays from any event's sequence: after the 3rd, events 4..n", async () => {
    const all = (await page(clients['payer-a'], FEED)).events;
    const replay = await readToEnd(clients['payer-a'], FEED, { after: all[2].sequence, limit: 1 });
    expect(replay.events).toEqual(all.slice(3));
    for (let i = 0; i < all.length; i++) {
      expect((await page(clients['payer-a'], CONTRACT_FEED, { after: all[i].sequence })).events).toEqual(all.slice(i + 1));
    }
  });

  it('lets a consumer that deduplicates by payment identity and type see each occurrence once, however often it replays', async () => {
    const all = (await page(clients['payer-a'], FEED)).events;
    const seen = new Map<string, FeedEvent>();
    let duplicates = 0;
    // A crash-prone consumer: reads everything, then replays from the 2nd and from the 4th event.
    for (const after of [undefined, all[1].sequence, all[3].sequence]) {
      for (const event of (await readToEnd(clients['payer-a'], FEED, { after, limit: 2 })).events) {
        const key = `${event.subject}|${event.type}`;
        if (seen.has(key)) duplicates++;
        else seen.set(key, event);
      }
    }
    expect(duplicates).toBe(4 + 2);
    expect([...seen.values()]).toEqual(all);
    // The reversal shares the identity of what it reverses, not its type; the new verification has its own identity.
    expect(new Set(all.map((e) => e.subject)).size).toBe(5);
  });

  it('shows each principal only the contracts it is scoped to', async () => {
    const aEvents = (await page(clients['payer-a'], FEED)).events;
    const bEvents = (await page(clients['payer-b'], FEED)).events;
    expect(bEvents.map(pick)).toEqual([[TYPES.verified, 'JOB_START', 1, 1, 2_000_000]]);
    expect(bEvents.every((e) => e.source === `/contracts/${B}` && e.subject.startsWith(`${B}:${other.participantId}:`))).toBe(true);
    expect(aEvents.every((e) => e.source === `/contracts/${A}`)).toBe(true);
    // All contracts, in the log's order: B's outcome was recorded first.
    const everything = (await page(clients['payer-all'], FEED)).events;
    expect(everything).toEqual([...bEvents, ...aEvents]);
    expect((await page(clients.auditor, FEED)).events).toEqual(aEvents);

    // The per-contract feed: the same events, to every role that may read the contract.
    for (const reader of ['payer-a', 'payer-all', 'auditor', 'commissioner', 'investor']) {
      expect((await page(clients[reader], CONTRACT_FEED)).events).toEqual(aEvents);
    }
    // Another contract's feed is answered as one that does not exist (the id it quotes is the caller's own).
    const unknown = await clients['payer-all'].get('/contracts/no-such-contract/feed');
    expect(unknown).toMatchObject({ status: 404, body: { error: 'contract-not-found' } });
    const refused = await clients['payer-b'].get(CONTRACT_FEED);
    expect([refused.status, refused.text]).toEqual([404, unknown.text.replace('no-such-contract', A)]);
    expect(refused.text).not.toContain(example.participantId);
    const investor = await clients.investor.get(`/contracts/${B}/feed`);
    expect([investor.status, investor.text]).toEqual([404, unknown.text.replace('no-such-contract', B)]);
    expect((await clients.provider.get(CONTRACT_FEED)).status).toBe(403);
    expect((await clients.provider.get(FEED)).status).toBe(403);
    expect((await clients.commissioner.get(FEED)).status).toBe(403);
    expect((await clients.evaluator.get(FEED)).status).toBe(403);
    expect((await new ApiClient(t.baseUrl).get(FEED)).status).toBe(401);
    expect((await clients['payer-all'].get('/contracts/no-such-contract/feed')).status).toBe(404);
  });

  it('refuses a malformed cursor with 400 naming after, and a bad limit naming limit', async () => {
    for (const path of [FEED, CONTRACT_FEED]) {
      // A transaction id past xid8 (2^64), a position past bigint, leading zeros: none was handed out.
      const cursors = ['18446744073709551616.1', '1.9223372036854775808', '01.2'].map((text) => Buffer.from(text).toString('base64url'));
      for (const bad of ['garbage!', 'bm90LWEtY3Vyc29y', Buffer.from('1.2.3').toString('base64url'), ...cursors, '']) {
        const response = await clients['payer-all'].get(`${path}?after=${encodeURIComponent(bad)}`);
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ field: 'after' });
      }
      for (const limit of ['0', '1001', 'abc', '2.5', '-1', '1e3', '0x10', '0b11', '%205', '+5', '01', '']) {
        const response = await clients['payer-all'].get(`${path}?limit=${limit}`);
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ field: 'limit' });
      }
      expect((await clients['payer-all'].get(`${path}?after=x&after=y`)).body).toMatchObject({ field: 'after' });
      expect((await clients['payer-all'].get(`${path}?from=0`)).status).toBe(400);
    }
    expect((await page(clients['payer-a'], FEED, { limit: 1 })).events).toHaveLength(1);
    expect((await page(clients['payer-a'], FEED, { limit: 1000 })).events).toHaveLength(6);
  });

  it('returns an empty page with the same cursor while only other facts are recorded, then the next payment event', async () => {
    const caughtUp = await readToEnd(clients['payer-a'], FEED);
    // Facts that verify nothing: they lie beyond the cursor but outside the feed.
    const P = `/contracts/${A}/participants/${example.participantId}`;
    expect(
      (
        await clients.provider.post(`${P}/placements`, {
          placementId: 'C',
          employerRef: 'emp-3',
          kind: 'education',
          hoursPerWeek: 10,
          startDate: '2019-12-02',
        })
      ).status,
    ).toBe(201);
    expect((await clients.commissioner.post(`${P}/benefit-weeks`, { week: '2019-W47', benefitPaid: false, source: 'DREAM' })).status).toBe(201);
    expect(await page(clients['payer-a'], FEED, { after: caughtUp.next })).toEqual({ events: [], next: caughtUp.next, hasMore: false });
    expect(await page(clients['payer-a'], CONTRACT_FEED, { after: caughtUp.next })).toEqual({ events: [], next: caughtUp.next, hasMore: false });

    // The payment service confirms JOB_START #1: the confirmation is the next thing in the feed.
    const paymentId = example.paymentId('JOB_START', 1);
    const confirmation = await clients['payer-a'].post(`/contracts/${A}/payments/${encodeURIComponent(paymentId)}/confirmation`, {
      reference: 'PAY-2019-000123',
      confirmedOn: '2019-03-01',
    });
    expect(confirmation.status).toBe(201);
    const after = await pageOnceHolding(clients['payer-a'], FEED, 1, { after: caughtUp.next });
    expect(after.hasMore).toBe(false);
    expect(after.events).toHaveLength(1);
    expect(after.events[0]).toMatchObject({
      type: TYPES.confirmed,
      source: `/contracts/${A}`,
      subject: paymentId,
      sequence: after.next,
      data: { contractId: A, paymentId, reference: 'PAY-2019-000123', confirmedOn: '2019-03-01', amount: 2_000_000, currency: 'DKK' },
    });
    expect(after.events[0].id).toBe((await storedOutcomes(A)).at(-1)!.event_id);
    // Other contracts' consumers do not see it.
    expect((await page(clients['payer-b'], FEED)).events.some((e) => e.type === TYPES.confirmed)).toBe(false);
  });
});
