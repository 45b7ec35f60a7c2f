import type { MinorUnits } from '../money/money.js';

// docs/rules.md §7 "No money paid twice, none recovered twice": the state of a payment identity,
// said once. The contract's state, the occurrences table, the settlement, the summary and the
// ledger's payment proofs all ask these functions, so they cannot disagree about what is due.

/**
 * - `due`: to pay (an outcome verified and not yet paid; a settlement or adjustment to pay);
 * - `paid`: paid, and owed;
 * - `to-recover`: paid, and no longer owed (reversed since; a settlement or adjustment to collect);
 * - `recovered`: the money came back;
 * - `superseded`: an agreed settlement netted its open amount: the settlement pays or collects it;
 * - `cancelled`: reversed before it was paid: nothing to pay, nothing to recover.
 */
export const PAYMENT_STATES = ['due', 'paid', 'to-recover', 'recovered', 'superseded', 'cancelled'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/** Which of an outcome payment identity's facts are recorded (as of the instant asked). */
export interface OutcomePaymentFacts {
  reversed: boolean;
  confirmed: boolean;
  recovered: boolean;
  superseded: boolean;
}

/** The state of an outcome's payment identity. A supersession is final: money that moves after it is an adjustment's. */
export function outcomePaymentState(facts: OutcomePaymentFacts): PaymentState {
  if (facts.superseded) return 'superseded';
  if (!facts.confirmed) return facts.reversed ? 'cancelled' : 'due';
  if (!facts.reversed) return 'paid';
  return facts.recovered ? 'recovered' : 'to-recover';
}

/**
 * The state of an agreed settlement's payment identity, or an adjustment's: its signed amount says
 * which way the money goes (negative: from the payee back), `settled` whether it went.
 */
export function settlementPaymentState(amount: MinorUnits, settled: boolean): PaymentState {
  if (amount < 0) return settled ? 'recovered' : 'to-recover';
  return settled ? 'paid' : 'due';
}

/** What an identity in `state` still asks to move: positive to pay, negative to recover, 0 when nothing is open. */
export function openAmountOf(state: PaymentState, toPay: MinorUnits, toRecover: MinorUnits): MinorUnits {
  if (state === 'due') return toPay;
  if (state === 'to-recover') return toRecover === 0 ? 0 : -Math.abs(toRecover);
  return 0;
}

/** A payment identity that cannot take the confirmation or recovery asked: what it is, in words for the refusal. */
export function describePaymentState(paymentId: string, state: PaymentState): string {
  switch (state) {
    case 'due':
      return `Payment ${paymentId} is due: nothing has been paid`;
    case 'paid':
      return `Payment ${paymentId} is paid and still owed`;
    case 'to-recover':
      return `Payment ${paymentId} is to recover`;
    case 'recovered':
      return `Payment ${paymentId} has been recovered`;
    case 'superseded':
      return `Payment ${paymentId} is superseded by the agreed settlement, which pays or collects it`;
    case 'cancelled':
      return `Payment ${paymentId} is cancelled: it was reversed before it was paid`;
  }
}

/** The log's events that speak of a payment identity by its `paymentId`: what made it, and what moved its money since. */
export const PAYMENT_EVENT_TYPES = [
  'OutcomeVerified',
  'OutcomeReversed',
  'PaymentConfirmed',
  'PaymentRecovered',
  'PaymentSuperseded',
  'SettlementAgreed',
  'SettlementAdjusted',
  'SettlementPaid',
] as const;

/** The events that make a payment identity: an outcome's verification, an agreed settlement, an adjustment. */
export const PAYMENT_ORIGIN_TYPES: readonly string[] = ['OutcomeVerified', 'SettlementAgreed', 'SettlementAdjusted'];

/**
 * A payment identity's state from its own events in log order (those of PAYMENT_EVENT_TYPES whose
 * `paymentId` it is), for a reader that holds no contract state (the ledger's payment proofs).
 * Undefined when none of them made it.
 */
export function paymentStateOfEvents(events: ReadonlyArray<{ type: string; data: { amount?: number } }>): PaymentState | undefined {
  const origin = events.find((e) => PAYMENT_ORIGIN_TYPES.includes(e.type));
  if (origin === undefined) return undefined;
  const has = (type: string): boolean => events.some((e) => e.type === type);
  if (origin.type === 'OutcomeVerified') {
    return outcomePaymentState({
      reversed: has('OutcomeReversed'),
      confirmed: has('PaymentConfirmed'),
      recovered: has('PaymentRecovered'),
      superseded: has('PaymentSuperseded'),
    });
  }
  return settlementPaymentState(origin.data.amount ?? 0, has('SettlementPaid'));
}
