import { paymentStateOf, settlementPaymentOf, type ContractPayment } from '../../payments/contract-payments.js';
import { describePaymentState } from '../../payments/payment-state.js';
import { DomainError } from '../../shared/domain.error.js';
import type { CivilDate } from '../../time/civil-date.js';
import { requireDate, requireText } from '../command-fields.js';
import type { CommandSpecs, FactData } from '../command-spec.js';
import type { CommandData } from '../contract.commands.js';
import { settlementAdjustmentId, type ContractEvent, type SettlementAdjusted } from '../contract.events.js';
import type { ContractState, LedgerEntry } from '../contract.state.js';
import type { Decision } from './decision.js';
import { registered } from './guards.js';

// The payment service's word on the money (docs/rules.md §7 "No money paid twice", §10): a payment
// made, or a payment to recover that came back, for an outcome's payment identity, an agreed
// settlement's or an adjustment's. Each is idempotent by payment identity and reference. Money that
// moves for an identity the agreed settlement had already netted is recorded (it did move) and
// becomes an adjustment: a new amount to settle between the parties.

export function confirmPayment(decision: Decision, data: CommandData<'ConfirmPayment'>): ContractEvent[] {
  const state = registered(decision.state);
  const paymentId = requireText(data.paymentId, 'paymentId');
  const reference = requireText(data.reference, 'reference');
  const confirmedOn = requireDate(data.confirmedOn, 'confirmedOn');
  const settlementSide = settlementPaymentOf(state, paymentId);
  // A settlement's or adjustment's payment is confirmed whichever way its money went.
  if (settlementSide !== undefined) return settle(state, settlementSide, { reference, confirmedOn });
  const entry = outcomePayment(state, paymentId);
  if (entry.confirmation !== null) {
    if (entry.confirmation.reference === reference) return [];
    throw new DomainError(
      'conflict',
      'payment-already-confirmed',
      `${describePaymentState(paymentId, paymentStateOf(entry))}; it was confirmed under another reference.`,
      {
        field: 'reference',
      },
    );
  }
  // Always taken (docs/rules.md, readings): a payment of a reversed identity is money to recover.
  const confirmed: ContractEvent = { type: 'PaymentConfirmed', data: { paymentId, reference, confirmedOn, amount: entry.amount } };
  if (entry.supersession === null) return [confirmed];
  return [confirmed, adjustment(state, entry, -entry.amount, 'paid-after-agreement')];
}

export function confirmRecovery(decision: Decision, data: CommandData<'ConfirmRecovery'>): ContractEvent[] {
  const state = registered(decision.state);
  const paymentId = requireText(data.paymentId, 'paymentId');
  const reference = requireText(data.reference, 'reference');
  const recoveredOn = requireDate(data.recoveredOn, 'recoveredOn');
  const settlementSide = settlementPaymentOf(state, paymentId);
  if (settlementSide !== undefined) {
    if (settlementSide.amount >= 0) throw notToRecover(settlementSide.paymentId, settlementSide.state);
    return settle(state, settlementSide, { reference, confirmedOn: recoveredOn });
  }
  const entry = outcomePayment(state, paymentId);
  if (entry.recovery !== null) {
    if (entry.recovery.reference === reference) return [];
    throw new DomainError('conflict', 'recovery-already-confirmed', `${describePaymentState(paymentId, paymentStateOf(entry))} under another reference.`, {
      field: 'reference',
    });
  }
  // To recover: paid, then reversed (also when a settlement netted it since: then it came back twice).
  if (entry.confirmation === null || entry.reversal === null) throw notToRecover(paymentId, paymentStateOf(entry));
  const amount = entry.confirmation.amount;
  const recovered: ContractEvent = { type: 'PaymentRecovered', data: { paymentId, reference, recoveredOn, amount } };
  if (entry.supersession === null) return [recovered];
  return [recovered, adjustment(state, entry, amount, 'recovered-after-agreement')];
}

function outcomePayment(state: ContractState, paymentId: string): LedgerEntry {
  const entry = state.ledger.get(paymentId);
  if (entry === undefined) throw new DomainError('not-found', 'payment-not-found', `No payment ${paymentId} in this contract.`, { field: 'paymentId' });
  return entry;
}

function notToRecover(paymentId: string, state: ContractPayment['state']): DomainError {
  return new DomainError('conflict', 'payment-not-to-recover', `${describePaymentState(paymentId, state)}: there is nothing to recover.`, {
    field: 'paymentId',
  });
}

/** SettlementPaid for the agreed settlement's payment or an adjustment's: idempotent by identity and reference. */
function settle(state: ContractState, payment: ContractPayment, settled: { reference: string; confirmedOn: CivilDate }): ContractEvent[] {
  const { agreement, payment: paid, adjustments } = state.settlement;
  const before = agreement?.paymentId === payment.paymentId ? paid : adjustments.find((a) => a.paymentId === payment.paymentId)?.settled;
  if (before != null) {
    if (before.reference === settled.reference) return [];
    throw new DomainError('conflict', 'payment-already-confirmed', `${describePaymentState(payment.paymentId, payment.state)} under another reference.`, {
      field: 'reference',
    });
  }
  return [{ type: 'SettlementPaid', data: { paymentId: payment.paymentId, ...settled, amount: payment.amount } }];
}

/** A new amount to settle: `amount` positive to pay the payee, negative to collect from it. */
function adjustment(state: ContractState, entry: LedgerEntry, amount: number, cause: SettlementAdjusted['data']['cause']): ContractEvent {
  const definition = state.definition!;
  const n = state.settlement.adjustments.length + 1;
  return {
    type: 'SettlementAdjusted',
    data: {
      paymentId: settlementAdjustmentId(definition.contractId, n),
      adjustment: n,
      amount,
      currency: definition.currency,
      causePaymentId: entry.paymentId,
      cause,
      settlementPaymentId: entry.supersession!.settlementPaymentId,
    },
  };
}

/** The money of a payment identity, paid or recovered. */
export const PAYMENT_COMMANDS = {
  // The amount is the rules' (what the payment identity triggered), not the command's.
  // A settlement's payment collected (negative) is read back as its confirmation: both decide the same SettlementPaid.
  ConfirmPayment: {
    facts: { PaymentConfirmed: confirmationOf, SettlementPaid: confirmationOf },
    importable: true,
    decide: confirmPayment,
  },
  ConfirmRecovery: {
    facts: { PaymentRecovered: (d) => ({ paymentId: d.paymentId as string, reference: d.reference as string, recoveredOn: d.recoveredOn as string }) },
    importable: true,
    decide: confirmRecovery,
  },
} as const satisfies CommandSpecs;

function confirmationOf(d: FactData): CommandData<'ConfirmPayment'> {
  return { paymentId: d.paymentId as string, reference: d.reference as string, confirmedOn: d.confirmedOn as string };
}
