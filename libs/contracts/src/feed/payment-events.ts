import { CloudEvent } from 'cloudevents';
import type { RecordedEvent } from '#event-store';
import { encodeCursor, positionOf } from '#event-store';
import type {
  CapReason,
  OutcomeReversed,
  OutcomeVerified,
  PaymentConfirmed,
  PaymentRecovered,
  PaymentSuperseded,
  SettlementAdjusted,
  SettlementAgreed,
  SettlementPaid,
  TerminationMethod,
} from '#domain';

/** The log's event types the payment feed carries, and the CloudEvents `type` each becomes. */
export const PAYMENT_FEED_TYPES = {
  OutcomeVerified: 'dk.outcome-verification.outcome.verified.v1',
  OutcomeReversed: 'dk.outcome-verification.outcome.reversed.v1',
  PaymentConfirmed: 'dk.outcome-verification.payment.confirmed.v1',
  PaymentRecovered: 'dk.outcome-verification.payment.recovered.v1',
  SettlementAgreed: 'dk.outcome-verification.settlement.due.v1',
  PaymentSuperseded: 'dk.outcome-verification.payment.superseded.v1',
  SettlementAdjusted: 'dk.outcome-verification.settlement.adjustment.v1',
  SettlementPaid: 'dk.outcome-verification.settlement.paid.v1',
} as const;

export type PaymentFeedEventType = keyof typeof PAYMENT_FEED_TYPES;
export type PaymentCloudEventType = (typeof PAYMENT_FEED_TYPES)[PaymentFeedEventType];

export const PAYMENT_FEED_EVENT_TYPES: readonly PaymentFeedEventType[] = Object.keys(PAYMENT_FEED_TYPES) as PaymentFeedEventType[];

export function isPaymentFeedEventType(type: string): type is PaymentFeedEventType {
  return Object.hasOwn(PAYMENT_FEED_TYPES, type);
}

/**
 * `data` of the feed's events: a published shape, mapped field by field from the log's events (so
 * an internal field added to the log does not silently become part of the contract with payers).
 * Amounts are integers in the contract currency's minor unit (øre for DKK).
 */
export interface OutcomeVerifiedPayload {
  contractId: string;
  /** The payment identity (contract:participant:outcome:occurrence:revision): deduplicate on it. */
  paymentId: string;
  /** The participant's pseudonym, never a CPR number. */
  participantId: string;
  outcomeCode: string;
  occurrence: number;
  revision: number;
  achievedOn: string;
  price: number;
  /** What is due: the price, or less when a cap applied (then `capReason` says which). */
  amount: number;
  capReason: CapReason | null;
  currency?: string;
}

export interface OutcomeReversedPayload {
  contractId: string;
  paymentId: string;
  participantId: string;
  outcomeCode: string;
  occurrence: number;
  revision: number;
  /** The negative of the verified amount (0 when that was 0). */
  amount: number;
  reason: string;
  currency?: string;
}

export interface PaymentConfirmedPayload {
  contractId: string;
  paymentId: string;
  reference: string;
  confirmedOn: string;
  amount: number;
  currency?: string;
}

/** The money of a paid payment identity that was reversed since came back. */
export interface PaymentRecoveredPayload {
  contractId: string;
  paymentId: string;
  reference: string;
  recoveredOn: string;
  /** What came back (positive). */
  amount: number;
  currency?: string;
}

/**
 * An agreed settlement netted this payment identity's open amount: do not pay it (or collect it)
 * any more; the settlement's payment does.
 */
export interface PaymentSupersededPayload {
  contractId: string;
  paymentId: string;
  /** The settlement's payment identity that pays or collects it instead. */
  settlementPaymentId: string;
  /** The open amount netted: positive was due, negative was to recover. */
  amount: number;
  currency?: string;
}

/**
 * Money moved for an identity the settlement had already netted, after the agreement: a new
 * amount to settle, with its own payment identity (`contract:adjustment:n`); confirm it like any
 * payment (positive: pay it) or recovery (negative: collect it).
 */
export interface SettlementAdjustmentPayload {
  contractId: string;
  paymentId: string;
  amount: number;
  currency?: string;
  causePaymentId: string;
  cause: SettlementAdjusted['data']['cause'];
  settlementPaymentId: string;
}

/** An agreed settlement of an early termination (docs/rules.md §7): one payment of its own. */
export interface SettlementDuePayload {
  contractId: string;
  /** The settlement's payment identity (contract:settlement:proposal): deduplicate and confirm on it. */
  paymentId: string;
  /** What the settlement pays: negative when money is to be recovered from the payee. */
  amount: number;
  currency?: string;
  proposalId: number;
  terminatedOn: string;
  method: TerminationMethod;
  /** SHA-256 of the settlement's canonical lines, as proposed and agreed. */
  linesSha256: string;
  /** The payment identities whose open amounts it nets (each also announced as superseded): pay or collect none of them. */
  supersedes: string[];
}

/** An agreed settlement's or an adjustment's payment settled (negative: collected): the same fields as an outcome payment's confirmation. */
export type SettlementPaidPayload = PaymentConfirmedPayload;

export type PaymentFeedPayload =
  | OutcomeVerifiedPayload
  | OutcomeReversedPayload
  | PaymentConfirmedPayload
  | PaymentRecoveredPayload
  | SettlementDuePayload
  | PaymentSupersededPayload
  | SettlementAdjustmentPayload;

/** The CloudEvents `source` of a contract's events. */
export function contractEventSource(contractId: string): string {
  return `/contracts/${contractId}`;
}

function payloadOf(event: RecordedEvent, contractId: string, currency: string | undefined): PaymentFeedPayload {
  const money = currency === undefined ? {} : { currency };
  switch (event.type as PaymentFeedEventType) {
    case 'OutcomeVerified': {
      const d = event.data as OutcomeVerified['data'];
      return {
        contractId,
        paymentId: d.paymentId,
        participantId: d.participantId,
        outcomeCode: d.outcomeCode,
        occurrence: d.occurrence,
        revision: d.revision,
        achievedOn: d.achievedOn,
        price: d.price,
        amount: d.amount,
        capReason: d.capReason ?? null,
        ...money,
      };
    }
    case 'OutcomeReversed': {
      const d = event.data as OutcomeReversed['data'];
      return {
        contractId,
        paymentId: d.paymentId,
        participantId: d.participantId,
        outcomeCode: d.outcomeCode,
        occurrence: d.occurrence,
        revision: d.revision,
        amount: d.amount,
        reason: d.reason,
        ...money,
      };
    }
    case 'PaymentConfirmed': {
      const d = event.data as PaymentConfirmed['data'];
      return { contractId, paymentId: d.paymentId, reference: d.reference, confirmedOn: d.confirmedOn, amount: d.amount, ...money };
    }
    case 'PaymentRecovered': {
      const d = event.data as PaymentRecovered['data'];
      return { contractId, paymentId: d.paymentId, reference: d.reference, recoveredOn: d.recoveredOn, amount: d.amount, ...money };
    }
    case 'SettlementAgreed': {
      const d = event.data as SettlementAgreed['data'];
      return {
        contractId,
        paymentId: d.paymentId,
        amount: d.amount,
        ...money,
        proposalId: d.proposalId,
        terminatedOn: d.terminatedOn,
        method: d.method,
        linesSha256: d.linesSha256,
        supersedes: [...(d.supersedes ?? [])],
      };
    }
    case 'PaymentSuperseded': {
      const d = event.data as PaymentSuperseded['data'];
      return { contractId, paymentId: d.paymentId, settlementPaymentId: d.settlementPaymentId, amount: d.amount, ...money };
    }
    case 'SettlementAdjusted': {
      const d = event.data as SettlementAdjusted['data'];
      return {
        contractId,
        paymentId: d.paymentId,
        amount: d.amount,
        ...money,
        causePaymentId: d.causePaymentId,
        cause: d.cause,
        settlementPaymentId: d.settlementPaymentId,
      };
    }
    case 'SettlementPaid': {
      const d = event.data as SettlementPaid['data'];
      return { contractId, paymentId: d.paymentId, reference: d.reference, confirmedOn: d.confirmedOn, amount: d.amount, ...money };
    }
    default:
      throw new TypeError(`${event.type} is not an event of the payment feed`);
  }
}

/**
 * One logged event as a CloudEvent 1.0 (structured JSON):
 * - `id`: the stored event id, the same on every replay (`source` + `id` is unique);
 * - `source`: `/contracts/{contractId}`; `subject`: the payment identity (an outcome's or a settlement's);
 * - `time`: when it was recorded (UTC); `sequence` (extension): the feed cursor just after this
 *   event, to resume or replay from it. It is opaque: compare positions by feed order, not by text.
 */
export function toPaymentCloudEvent(event: RecordedEvent, contractId: string, currency?: string): CloudEvent<PaymentFeedPayload> {
  const data = payloadOf(event, contractId, currency);
  return new CloudEvent<PaymentFeedPayload>({
    specversion: '1.0',
    id: event.eventId,
    source: contractEventSource(contractId),
    type: PAYMENT_FEED_TYPES[event.type as PaymentFeedEventType],
    subject: data.paymentId,
    time: event.recordedAt,
    datacontenttype: 'application/json',
    sequence: encodeCursor(positionOf(event)),
    data,
  });
}
