import type { ContractState, LedgerEntry } from '../decider/contract.state.js';
import type { MinorUnits } from '../money/money.js';
import { openAmountOf, outcomePaymentState, type PaymentState, settlementPaymentState } from './payment-state.js';

// Every payment identity of a contract with its state (payment-state.ts), and the money in all:
// what the summary, the settlement and the agreement read.

/** The state of an outcome's payment identity in the contract's state. */
export function paymentStateOf(entry: LedgerEntry): PaymentState {
  return outcomePaymentState({
    reversed: entry.reversal !== null,
    confirmed: entry.confirmation !== null,
    recovered: entry.recovery !== null,
    superseded: entry.supersession !== null,
  });
}

/** What an outcome's payment identity still asks to move: its amount when due, what was paid when to recover. */
export function openAmountOfEntry(entry: LedgerEntry, state: PaymentState = paymentStateOf(entry)): MinorUnits {
  return openAmountOf(state, entry.amount, entry.confirmation?.amount ?? 0);
}

export type PaymentKind = 'outcome' | 'settlement' | 'adjustment';

/** One payment identity of a contract and where its money stands. */
export interface ContractPayment {
  paymentId: string;
  kind: PaymentKind;
  /** An outcome's verified amount; a settlement's or adjustment's signed amount (negative: to collect). */
  amount: MinorUnits;
  state: PaymentState;
  /** What it still asks to move: positive to pay, negative to recover, 0 when nothing. */
  open: MinorUnits;
}

/** The agreed settlement's payment and its adjustments, in the order they were made. */
export function settlementPayments(state: ContractState): ContractPayment[] {
  const { agreement, payment, adjustments } = state.settlement;
  if (agreement === null) return [];
  const out: ContractPayment[] = [];
  const add = (paymentId: string, kind: PaymentKind, amount: MinorUnits, settled: boolean): void => {
    const paymentState = settlementPaymentState(amount, settled);
    out.push({ paymentId, kind, amount, state: paymentState, open: openAmountOf(paymentState, amount, amount) });
  };
  add(agreement.paymentId, 'settlement', agreement.amount, payment !== null);
  for (const adjustment of adjustments) add(adjustment.paymentId, 'adjustment', adjustment.amount, adjustment.settled !== null);
  return out;
}

/** The settlement-side payment identity `paymentId` (the agreed settlement's, or an adjustment's), if it is one. */
export function settlementPaymentOf(state: ContractState, paymentId: string): ContractPayment | undefined {
  return settlementPayments(state).find((p) => p.paymentId === paymentId);
}

/** Every payment identity: outcomes in the order verified, then the settlement's and its adjustments. */
export function contractPayments(state: ContractState): ContractPayment[] {
  const out: ContractPayment[] = [];
  for (const entry of state.ledger.values()) {
    const paymentState = paymentStateOf(entry);
    out.push({ paymentId: entry.paymentId, kind: 'outcome', amount: entry.amount, state: paymentState, open: openAmountOfEntry(entry, paymentState) });
  }
  return [...out, ...settlementPayments(state)];
}

/**
 * The money of a contract, to the minor unit. `paid` and `recovered` are what moved (every
 * payment and every recovery, of outcomes, the settlement and its adjustments); `due` and
 * `toRecover` what is still open; so `paid − recovered + due − toRecover = owed` always
 * (docs/rules.md §7): `owed` is what the rules say (every verified, unreversed amount) until a
 * settlement is agreed, and then what the agreement says (achieved + future of the agreed proposal).
 */
export interface PaymentTotals {
  paid: MinorUnits;
  recovered: MinorUnits;
  due: MinorUnits;
  toRecover: MinorUnits;
  /** The open amounts the agreed settlement netted: due ones less those to recover. */
  superseded: MinorUnits;
  owed: MinorUnits;
}

export function paymentTotals(state: ContractState): PaymentTotals {
  const totals = settlementPaymentTotals(state);
  for (const entry of state.ledger.values()) addOutcomePayment(totals, entry);
  return totals;
}

/**
 * What one outcome's payment identity adds to PaymentTotals (`sign` -1 takes it away again): the
 * contract's totals are these summed over the ledger plus settlementPaymentTotals, so that a sum
 * kept as entries change (the contract summary's running totals) says the same as paymentTotals.
 */
export function addOutcomePayment(totals: PaymentTotals, entry: LedgerEntry, sign: 1 | -1 = 1): void {
  totals.paid += sign * (entry.confirmation?.amount ?? 0);
  totals.recovered += sign * (entry.recovery?.amount ?? 0);
  totals.superseded += sign * (entry.supersession?.amount ?? 0);
  const open = openAmountOfEntry(entry);
  if (open > 0) totals.due += sign * open;
  else totals.toRecover -= sign * open;
}

/** PaymentTotals of the settlement's own payment identities (the agreed settlement's, its adjustments'), and what is owed in all. */
export function settlementPaymentTotals(state: ContractState): PaymentTotals {
  const totals: PaymentTotals = { paid: 0, recovered: 0, due: 0, toRecover: 0, superseded: 0, owed: owedOf(state) };
  const { payment, adjustments } = state.settlement;
  for (const settled of [payment, ...adjustments.map((a) => a.settled)]) {
    if (settled === null) continue;
    if (settled.amount >= 0) totals.paid += settled.amount;
    else totals.recovered -= settled.amount;
  }
  for (const identity of settlementPayments(state)) {
    if (identity.open > 0) totals.due += identity.open;
    else totals.toRecover -= identity.open;
  }
  return totals;
}

/** What the rules and the agreements say is owed in all (see PaymentTotals). */
function owedOf(state: ContractState): MinorUnits {
  const { agreement, proposals } = state.settlement;
  if (agreement === null) return state.totals.committed;
  const agreed = proposals[agreement.proposalId - 1];
  return agreed.achieved + agreed.future;
}
