import { FEED_MAX_LIMIT, PAYMENT_FEED_TYPES } from '#contracts';
import type { DemoClient } from './demo-client.js';

// The payment service as the feed alone tells it (README "The payment service's feed"): it knows
// no contract state, only the CloudEvents it has read, and keeps for each payment identity what it
// still has to pay or collect. What it does (confirm, recover) it asks the service to record.

const T = PAYMENT_FEED_TYPES;

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

export type HeldState = 'due' | 'paid' | 'to-recover' | 'recovered' | 'superseded' | 'cancelled';

/** A payment identity as the payment service holds it. */
export interface Held {
  paymentId: string;
  kind: 'outcome' | 'settlement' | 'adjustment';
  /** What it was announced for (a settlement's or adjustment's signed: negative is to collect). */
  amount: number;
  /** What the payment service paid for it (an outcome's), to collect back when it is reversed. */
  paid: number;
  state: HeldState;
}

export class FeedFollower {
  readonly held = new Map<string, Held>();
  private after: string | undefined;
  private readonly seen = new Set<string>();

  constructor(
    private readonly client: DemoClient,
    private readonly token: string,
    private readonly contractId: string,
  ) {}

  /** Reads the contract's feed from where it stopped to its end; returns the events new to it. */
  async read(): Promise<FeedEvent[]> {
    const path = `/contracts/${this.contractId}/feed`;
    const fresh: FeedEvent[] = [];
    for (;;) {
      const query = `?limit=${FEED_MAX_LIMIT}${this.after === undefined ? '' : `&after=${encodeURIComponent(this.after)}`}`;
      const { status, body } = await this.client.get<FeedPage>(this.token, `${path}${query}`);
      if (status !== 200 || body === undefined) throw new Error(`GET ${path} answered ${status}`);
      for (const event of body.events) {
        if (this.seen.has(event.id)) continue; // deduplicate by id, as the README asks of a consumer
        this.seen.add(event.id);
        this.apply(event);
        fresh.push(event);
      }
      this.after = body.next;
      if (!body.hasMore) return fresh;
    }
  }

  /** The identities in a state, in the order the feed announced them. */
  inState(state: HeldState): Held[] {
    return [...this.held.values()].filter((h) => h.state === state);
  }

  /** What it still has to move: positive to pay, negative to collect. */
  openAmount(h: Held): number {
    if (h.state === 'due') return h.amount;
    if (h.state === 'to-recover') return h.kind === 'outcome' ? -h.paid : h.amount;
    return 0;
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

  private apply(event: FeedEvent): void {
    const { paymentId, amount } = event.data;
    const h = this.held.get(paymentId);
    switch (event.type) {
      case T.OutcomeVerified:
        this.held.set(paymentId, { paymentId, kind: 'outcome', amount, paid: 0, state: 'due' });
        return;
      case T.SettlementAgreed:
        this.held.set(paymentId, { paymentId, kind: 'settlement', amount, paid: 0, state: amount < 0 ? 'to-recover' : 'due' });
        return;
      case T.SettlementAdjusted:
        this.held.set(paymentId, { paymentId, kind: 'adjustment', amount, paid: 0, state: amount < 0 ? 'to-recover' : 'due' });
        return;
    }
    if (h === undefined) throw new Error(`the feed's ${event.type} names ${paymentId}, which it never announced`);
    switch (event.type) {
      case T.OutcomeReversed:
        if (h.state === 'due') h.state = 'cancelled';
        else if (h.state === 'paid') h.state = 'to-recover';
        return;
      case T.PaymentConfirmed:
        h.paid = event.data.amount;
        // Paid after it was netted by the settlement: the adjustment that follows says what to do.
        if (h.state === 'due') h.state = 'paid';
        else if (h.state === 'cancelled') h.state = 'to-recover';
        return;
      case T.PaymentRecovered:
        if (h.state === 'to-recover') h.state = 'recovered';
        return;
      case T.PaymentSuperseded:
        h.state = 'superseded';
        return;
      case T.SettlementPaid:
        h.state = h.state === 'to-recover' ? 'recovered' : 'paid';
        return;
    }
  }
}
