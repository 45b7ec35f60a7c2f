import { PAYMENT_FEED_TYPES as T } from '#contracts';
import type { DemoClient } from './demo-client.js';
import { type FeedEvent, FeedFollower } from './feed-follower.js';

/** A feed served in pages of two, each page's `next` the index of the event after it. */
function feedOf(events: FeedEvent[]): DemoClient {
  return {
    get: async (_token: string, path: string) => {
      const after = Number(new URL(path, 'http://x').searchParams.get('after') ?? 0);
      return { status: 200, body: { events: events.slice(after, after + 2), next: String(Math.min(after + 2, events.length)), hasMore: after + 2 < events.length } };
    },
  } as unknown as DemoClient;
}

let n = 0;
const event = (type: string, paymentId: string, amount: number, extra: Partial<FeedEvent['data']> = {}): FeedEvent => ({
  id: `e${++n}`,
  type,
  subject: paymentId,
  data: { paymentId, amount, ...extra },
});

describe('the demo’s payment service, following the feed alone', () => {
  it('holds what is due and what is to recover, and lets a settlement supersede both', async () => {
    const events = [
      event(T.OutcomeVerified, 'a', 100),
      event(T.OutcomeVerified, 'b', 200),
      event(T.PaymentConfirmed, 'b', 200),
      event(T.OutcomeReversed, 'b', -200),
      event(T.OutcomeVerified, 'c', 300),
      event(T.OutcomeReversed, 'c', -300),
    ];
    const follower = new FeedFollower(feedOf(events), 'token', 'k');
    expect(await follower.read()).toHaveLength(6);
    expect(follower.inState('due').map((h) => h.paymentId)).toEqual(['a']);
    expect(follower.inState('to-recover').map((h) => follower.openAmount(h))).toEqual([-200]);
    expect(follower.inState('cancelled').map((h) => h.paymentId)).toEqual(['c']);

    events.push(
      event(T.SettlementAgreed, 'k:settlement:1', 50, { supersedes: ['a', 'b'] }),
      event(T.PaymentSuperseded, 'a', 100, { settlementPaymentId: 'k:settlement:1' }),
      event(T.PaymentSuperseded, 'b', -200, { settlementPaymentId: 'k:settlement:1' }),
    );
    expect((await follower.read()).map((e) => e.subject)).toEqual(['k:settlement:1', 'a', 'b']);
    expect([...follower.held.values()].filter((h) => follower.openAmount(h) !== 0).map((h) => h.paymentId)).toEqual(['k:settlement:1']);
    expect(follower.inState('superseded').map((h) => h.paymentId)).toEqual(['a', 'b']);
  });

  it('takes a late payment of a superseded identity as the adjustment says, and an adjustment collected as recovered', async () => {
    const events = [
      event(T.OutcomeVerified, 'a', 100),
      event(T.SettlementAgreed, 'k:settlement:1', 100, { supersedes: ['a'] }),
      event(T.PaymentSuperseded, 'a', 100, { settlementPaymentId: 'k:settlement:1' }),
      event(T.SettlementPaid, 'k:settlement:1', 100),
      event(T.PaymentConfirmed, 'a', 100),
      event(T.SettlementAdjusted, 'k:adjustment:1', -100, { causePaymentId: 'a', cause: 'paid-after-agreement' }),
    ];
    const follower = new FeedFollower(feedOf(events), 'token', 'k');
    await follower.read();
    expect(follower.held.get('a')?.state).toBe('superseded');
    expect(follower.held.get('k:settlement:1')?.state).toBe('paid');
    const adjustment = follower.held.get('k:adjustment:1')!;
    expect([adjustment.state, follower.openAmount(adjustment)]).toEqual(['to-recover', -100]);

    events.push(event(T.SettlementPaid, 'k:adjustment:1', -100));
    await follower.read();
    expect(adjustment.state).toBe('recovered');
    expect([...follower.held.values()].every((h) => follower.openAmount(h) === 0)).toBe(true);
  });

  it('reads an event once, however often a page repeats it', async () => {
    const a = event(T.OutcomeVerified, 'a', 100);
    const follower = new FeedFollower(feedOf([a, a, event(T.PaymentConfirmed, 'a', 100)]), 'token', 'k');
    expect(await follower.read()).toHaveLength(2);
    expect(follower.held.get('a')?.state).toBe('paid');
  });
});
