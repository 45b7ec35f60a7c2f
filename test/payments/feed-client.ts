import type { ApiClient } from '#test-support/api-client.js';

export interface FeedEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: string;
  sequence: string;
  data: { paymentId: string; amount: number; [field: string]: any };
}

export interface FeedPage {
  events: FeedEvent[];
  next: string;
  hasMore: boolean;
}

export const TYPES = {
  verified: 'dk.outcome-verification.outcome.verified.v1',
  reversed: 'dk.outcome-verification.outcome.reversed.v1',
  confirmed: 'dk.outcome-verification.payment.confirmed.v1',
} as const;

/** One page; fails loudly on anything but 200. */
export async function page(client: ApiClient, path: string, query: { after?: string; limit?: number } = {}): Promise<FeedPage> {
  const params = new URLSearchParams();
  if (query.after !== undefined) params.set('after', query.after);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  const qs = params.toString();
  const response = await client.get<FeedPage>(qs ? `${path}?${qs}` : path);
  if (response.status !== 200) throw new Error(`GET ${path}?${qs}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * One page once it holds at least `count` events, or the last page read after `withinMs`. The feed
 * shows only transactions below every open one's (commit-safe order), so a write just answered can
 * stay out of it for a moment while another transaction (the sequencer, a projection) is open:
 * a consumer sees it on a later poll, and so does this.
 */
export async function pageOnceHolding(
  client: ApiClient,
  path: string,
  count: number,
  query: { after?: string; limit?: number } = {},
  withinMs = 10_000,
): Promise<FeedPage> {
  const until = Date.now() + withinMs;
  for (;;) {
    const body = await page(client, path, query);
    if (body.events.length >= count || Date.now() > until) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Follows `next` until `hasMore` is false, as a consumer catching up would; returns the events and the final cursor. */
export async function readToEnd(
  client: ApiClient,
  path: string,
  query: { after?: string; limit?: number } = {},
): Promise<{ events: FeedEvent[]; next: string; pages: number }> {
  const events: FeedEvent[] = [];
  let after = query.after;
  for (let pages = 1; ; pages++) {
    const body = await page(client, path, { after, limit: query.limit });
    events.push(...body.events);
    after = body.next;
    if (!body.hasMore) return { events, next: body.next, pages };
    if (pages > 1000) throw new Error('the feed does not end');
  }
}
