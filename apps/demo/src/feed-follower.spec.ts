import { PAYMENT_FEED_TYPES as T } from '#contracts';
import type { DemoClient } from './demo-client.js';
import { type FeedEvent, FeedFollower } from './feed-follower.js';

/** A feed served in pages of two, each page's `next` the index of the event after it. */
function feedOf(events: FeedEvent[]): DemoClient {
  return {
    get: async (_token: string, path: string) => {
      const after = Number(new URL(path, 'http://x').searchParams.get('after') ?? 0);
      return {
        status: 200,
        body: { events: events.slice(after, after + 2), next: String(Math.min(after + 2, events.length)), hasMore: after + 2 < events.length },
      };
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
  it('reads an event once, however often a page repeats it', async () => {
    const a = event(T.OutcomeVerified, 'a', 100);
    const follower = new FeedFollower(feedOf([a, a, event(T.PaymentConfirmed, 'a', 100)]), 'token', 'k');
    expect(await follower.read()).toHaveLength(2);
    expect(follower.held.get('a')?.state).toBe('paid');
  });
});
