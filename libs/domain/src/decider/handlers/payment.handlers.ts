import { DomainError } from '../../shared/domain.error.js';
import { requireDate, requireText } from '../command-fields.js';
import type { CommandData } from '../contract.commands.js';
import type { ContractEvent } from '../contract.events.js';
import type { Decision } from './decision.js';
import { registered } from './guards.js';
import { confirmSettlementPayment } from './settlement.handlers.js';

// The payment service's confirmations of verified payments and of an agreed settlement's payment
// (docs/rules.md §7, §10).

export function confirmPayment(decision: Decision, data: CommandData<'ConfirmPayment'>): ContractEvent[] {
  const state = registered(decision.state);
  const paymentId = requireText(data.paymentId, 'paymentId');
  const reference = requireText(data.reference, 'reference');
  const confirmedOn = requireDate(data.confirmedOn, 'confirmedOn');
  const settlementPaid = confirmSettlementPayment(state, { paymentId, reference, confirmedOn });
  if (settlementPaid !== undefined) return settlementPaid;
  const entry = state.ledger.get(paymentId);
  if (entry === undefined) throw new DomainError('not-found', 'payment-not-found', `No verified payment ${paymentId}.`, { field: 'paymentId' });
  if (entry.confirmation !== null) {
    if (entry.confirmation.reference === reference) return [];
    throw new DomainError('conflict', 'payment-already-confirmed', `Payment ${paymentId} is already confirmed under another reference.`, {
      field: 'reference',
    });
  }
  return [{ type: 'PaymentConfirmed', data: { paymentId, reference, confirmedOn, amount: entry.amount } }];
}
