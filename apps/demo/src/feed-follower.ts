import { FEED_MAX_LIMIT, type Held, type HeldState, PaymentFeedBook } from '#contracts';
import type { DemoClient } from './demo-client.js';

export type { Held, HeldState } from '#contracts';

export interface FeedEvent {
  id: string;
  type: string;
  subject: string;
  data: {
    paymentId: string;
    amount: number;
    settlementPaymentId?: string;
    supersedes?: string[];
    cause?: string;
    causePaymentId?: string;
  };
}

interface FeedPage {
  events: FeedEvent[];
  next: string;
  hasMore: boolean;
}

/**
 * The demo's payment service: its book (PaymentFeedBook) kept from the contract's feed, read over
 * HTTP from where it stopped, and its payments and recoveries asked of the service to record.
 */
export class FeedFollower {
  readonly book = new PaymentFeedBook();
  private after: string | undefined;

  constructor(
    private readonly client: DemoClient,
    private readonly token: string,
    private readonly contractId: string,
  ) {}

  get held(): ReadonlyMap<string, Held> {
    return this.book.held;
  }

  /** Reads the contract's feed from where it stopped to its end; returns the events new to it. */
  async read(): Promise<FeedEvent[]> {
    const path = `/contracts/${this.contractId}/feed`;
    const fresh: FeedEvent[] = [];
    for (;;) {
      const query = `?limit=${FEED_MAX_LIMIT}${this.after === undefined ? '' : `&after=${encodeURIComponent(this.after)}`}`;
      const { status, body } = await this.client.get<FeedPage>(this.token, `${path}${query}`);
      if (status !== 200 || body === undefined) throw new Error(`GET ${path} answered ${status}`);
      for (const event of body.events) if (this.book.apply(event)) fresh.push(event);
      this.after = body.next;
      if (!body.hasMore) return fresh;
    }
  }

  /**
   * Reads on until `done` holds (or `withinMs` passed), as a payment service polls: the feed shows
   * a transaction only once every transaction begun before it has ended (commit-safe order), so a
   * write just answered can stay out of it for a moment. Returns every event new to it.
   */
  async readUntil(done: (fresh: readonly FeedEvent[]) => boolean, withinMs = 10_000): Promise<FeedEvent[]> {
    const until = Date.now() + withinMs;
    const fresh = await this.read();
    while (!done(fresh) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      fresh.push(...(await this.read()));
    }
    return fresh;
  }

  inState(state: HeldState): Held[] {
    return this.book.inState(state);
  }

  openAmount(h: Held): number {
    return this.book.openAmount(h);
  }

  /** Confirms that the money of a due identity went out (POST …/confirmation). */
  async pay(h: Held, reference: string, confirmedOn: string): Promise<Array<{ type: string }>> {
    return this.record(h, 'confirmation', { reference, confirmedOn });
  }

  /** Confirms that the money of an identity to recover came back (POST …/recovery). */
  async recover(h: Held, reference: string, recoveredOn: string): Promise<Array<{ type: string }>> {
    return this.record(h, 'recovery', { reference, recoveredOn });
  }

  private async record(h: Held, what: 'confirmation' | 'recovery', body: object): Promise<Array<{ type: string }>> {
    const path = `/contracts/${this.contractId}/payments/${encodeURIComponent(h.paymentId)}/${what}`;
    const answer = await this.client.post<{ events: Array<{ type: string }> }>(this.token, path, body);
    return answer.events;
  }
}
