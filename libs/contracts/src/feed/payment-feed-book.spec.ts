import { PAYMENT_FEED_TYPES as T } from './payment-events.js';
import { type BookedFeedEvent, PaymentFeedBook } from './payment-feed-book.js';

let n = 0;
const event = (type: string, paymentId: string, amount: number): BookedFeedEvent => ({ id: `e${++n}`, type, data: { paymentId, amount } });

function booked(events: BookedFeedEvent[], book = new PaymentFeedBook()): PaymentFeedBook {
  for (const e of events) book.apply(e);
  return book;
}

describe('the book of a payment service that knows only the feed', () => {
  it('holds what is due and what is to recover, and lets a settlement supersede both', () => {
    const book = booked([
      event(T.OutcomeVerified, 'a', 100),
      event(T.OutcomeVerified, 'b', 200),
      event(T.PaymentConfirmed, 'b', 200),
      event(T.OutcomeReversed, 'b', -200),
      event(T.OutcomeVerified, 'c', 300),
      event(T.OutcomeReversed, 'c', -300),
    ]);
    expect(book.inState('due').map((h) => h.paymentId)).toEqual(['a']);
    expect(book.inState('to-recover').map((h) => book.openAmount(h))).toEqual([-200]);
    expect(book.inState('cancelled').map((h) => h.paymentId)).toEqual(['c']);

    booked([event(T.SettlementAgreed, 'k:settlement:1', 50), event(T.PaymentSuperseded, 'a', 100), event(T.PaymentSuperseded, 'b', -200)], book);
    expect(book.open().map((h) => h.paymentId)).toEqual(['k:settlement:1']);
    expect(book.inState('superseded').map((h) => h.paymentId)).toEqual(['a', 'b']);
  });

  it('takes a late payment of a superseded identity as the adjustment says, and an adjustment collected as recovered', () => {
    const book = booked([
      event(T.OutcomeVerified, 'a', 100),
      event(T.SettlementAgreed, 'k:settlement:1', 100),
      event(T.PaymentSuperseded, 'a', 100),
      event(T.SettlementPaid, 'k:settlement:1', 100),
      event(T.PaymentConfirmed, 'a', 100),
      event(T.SettlementAdjusted, 'k:adjustment:1', -100),
    ]);
    expect(book.held.get('a')?.state).toBe('superseded');
    expect(book.held.get('k:settlement:1')?.state).toBe('paid');
    const adjustment = book.held.get('k:adjustment:1')!;
    expect([adjustment.state, book.openAmount(adjustment)]).toEqual(['to-recover', -100]);
    booked([event(T.SettlementPaid, 'k:adjustment:1', -100)], book);
    expect(adjustment.state).toBe('recovered');
    expect(book.open()).toEqual([]);
  });

  it('collects a negative settlement; books an event once; refuses an event that names an identity never announced', () => {
    const verified = event(T.OutcomeVerified, 'a', 100);
    const book = booked([verified, event(T.SettlementAgreed, 'k:settlement:1', -40)]);
    expect(book.apply(verified)).toBe(false);
    expect(book.open().map((h) => [h.paymentId, book.openAmount(h)])).toEqual([
      ['a', 100],
      ['k:settlement:1', -40],
    ]);
    expect(() => book.apply(event(T.PaymentConfirmed, 'x', 1))).toThrow('never announced');
  });
});
