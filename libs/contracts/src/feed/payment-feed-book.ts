import { PAYMENT_FEED_TYPES } from './payment-events.js';

// What a payment service that knows only the payment feed holds (docs/payment-feed.md and
// ./README.md): no contract state, only the CloudEvents it has read, and for each payment identity what it
// still has to pay or collect. The demo's payment service and the tests' keep their books with it;
// an integrator can read it as the feed's semantics in code.

const T = PAYMENT_FEED_TYPES;

/** A feed event as the book needs it (a CloudEvent of the payment feed). */
export interface BookedFeedEvent {
  id: string;
  type: string;
  data: { paymentId: string; amount: number };
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

export class PaymentFeedBook {
  readonly held = new Map<string, Held>();
  private readonly seen = new Set<string>();

  /** Books one event; false for one booked before (deduplicated by id, as docs/payment-feed.md asks of a consumer). */
  apply(event: BookedFeedEvent): boolean {
    if (this.seen.has(event.id)) return false;
    this.seen.add(event.id);
    const { paymentId, amount } = event.data;
    const kind = ({ [T.OutcomeVerified]: 'outcome', [T.SettlementAgreed]: 'settlement', [T.SettlementAdjusted]: 'adjustment' } as const)[event.type];
    if (kind !== undefined) {
      this.held.set(paymentId, { paymentId, kind, amount, paid: 0, state: kind !== 'outcome' && amount < 0 ? 'to-recover' : 'due' });
      return true;
    }
    const h = this.held.get(paymentId);
    if (h === undefined) throw new Error(`the feed's ${event.type} names ${paymentId}, which it never announced`);
    switch (event.type) {
      case T.OutcomeReversed:
        if (h.state === 'due') h.state = 'cancelled';
        else if (h.state === 'paid') h.state = 'to-recover';
        break;
      case T.PaymentConfirmed:
        h.paid = amount;
        // Paid after it was netted by the settlement: the adjustment that follows says what to do.
        if (h.state === 'due') h.state = 'paid';
        else if (h.state === 'cancelled') h.state = 'to-recover';
        break;
      case T.PaymentRecovered:
        if (h.state === 'to-recover') h.state = 'recovered';
        break;
      case T.PaymentSuperseded:
        h.state = 'superseded';
        break;
      case T.SettlementPaid:
        h.state = h.state === 'to-recover' ? 'recovered' : 'paid';
        break;
      default:
        throw new Error(`the feed carried ${event.type}, which this book does not know`);
    }
    return true;
  }

  /** The identities in a state, in the order the feed announced them. */
  inState(state: HeldState): Held[] {
    return [...this.held.values()].filter((h) => h.state === state);
  }

  /** What it still has to move: positive to pay, negative to collect, 0 when nothing. */
  openAmount(h: Held): number {
    if (h.state === 'due') return h.amount;
    if (h.state === 'to-recover') return h.kind === 'outcome' ? -h.paid : h.amount;
    return 0;
  }

  /** The identities it still has to move money for. */
  open(): Held[] {
    return [...this.held.values()].filter((h) => this.openAmount(h) !== 0);
  }
}
