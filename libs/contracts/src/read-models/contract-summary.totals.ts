import {
  addOutcomePayment,
  type ContractDefinition,
  type ContractState,
  type LedgerEntry,
  type ParticipantState,
  type PaymentTotals,
  type RecordedContractEvent,
  type StoredContractEvent,
} from '#domain';
import { participantStatusOf, registeredDefinition } from './participants.view.js';

/** An outcome's counts and amounts over the ledger (see OutcomeFigures). */
export interface OutcomeTally {
  verified: { count: number; amount: number };
  capped: { count: number; amount: number; shortfall: number };
  reversed: { count: number; amount: number };
  /** The terms and price of its first verified occurrence: what an outcome the terms in force no longer have is shown with. */
  first: { termsVersion: number; price: number };
}

/**
 * The contract summary's sums (docs/snapshots.md, "The contract summary"): each participant and each ledger entry adds
 * its contribution (addParticipant, addEntry), so that an event changes only the contributions of
 * the participant and the entry it names. The summary is these plus what the contract itself says
 * (contract-summary.view.ts).
 */
export interface SummaryTotals {
  participants: { total: number; referred: number; rejected: number; enrolled: number; withdrawn: number };
  funnel: { referred: number; enrolled: number; placed: number; anyOutcome: number; lastingOutcome: number };
  participantsAtCap: number;
  /** By outcome code, in the order first verified (the ledger's order). */
  outcomes: Map<string, OutcomeTally>;
  /** The outcomes' payment identities only (`owed` unused: the contract says it). */
  money: PaymentTotals;
}

/** What a participant's contribution depends on beyond the participant: the terms in force and the ledger. */
interface ParticipantContext {
  lasting: ReadonlySet<string>;
  perParticipantCap: number | undefined;
  ledger: ContractState['ledger'];
}

export function emptySummaryTotals(): SummaryTotals {
  return {
    participants: { total: 0, referred: 0, rejected: 0, enrolled: 0, withdrawn: 0 },
    funnel: { referred: 0, enrolled: 0, placed: 0, anyOutcome: 0, lastingOutcome: 0 },
    participantsAtCap: 0,
    outcomes: new Map(),
    money: { paid: 0, recovered: 0, due: 0, toRecover: 0, superseded: 0, owed: 0 },
  };
}

/** The outcome codes whose occurrence counts as a lasting outcome: every one of the terms in force other than a placement start. */
export function lastingOutcomeCodes(state: ContractState): string[] {
  return registeredDefinition(state)
    .outcomes.filter((o) => o.trigger.type !== 'placementStart')
    .map((o) => o.code);
}

/** The totals of a registered contract's state, summed over every participant and ledger entry (the full recompute). */
export function summaryTotalsOf(state: ContractState): SummaryTotals {
  const totals = emptySummaryTotals();
  const context = participantContext(state);
  for (const participant of state.participants.values()) addParticipant(totals, participant, context, 1);
  for (const entry of state.ledger.values()) addEntry(totals, entry, 1);
  return totals;
}

/**
 * Evolves the state by one event (with `evolve`, in place) and the totals with it: the terms
 * (registration, amendment) change every participant's contribution, and the totals are summed
 * again; any other event changes at most the participant (data.participantId) and the ledger entry
 * (data.paymentId) it names, whose contributions are taken out before and added back after.
 */
export function evolveSummaryTotals<TEvent extends StoredContractEvent>(
  totals: SummaryTotals,
  state: ContractState,
  stored: TEvent,
  evolve: (state: ContractState, event: TEvent) => ContractState,
): ContractState {
  const event = stored as StoredContractEvent as RecordedContractEvent;
  if (event.type === 'ContractRegistered' || event.type === 'ContractAmended') {
    const evolved = evolve(state, stored);
    Object.assign(totals, summaryTotalsOf(evolved));
    return evolved;
  }
  const data = event.data as { participantId?: unknown; paymentId?: unknown };
  const participantId = typeof data.participantId === 'string' ? data.participantId : undefined;
  const paymentId = typeof data.paymentId === 'string' ? data.paymentId : undefined;
  if (participantId === undefined && paymentId === undefined) return evolve(state, stored);
  // An event before the registration changes nothing the summary shows (the summary is of registered contracts).
  const context = state.definition === null ? undefined : participantContext(state);
  const take = (sign: 1 | -1): void => {
    if (context === undefined) return;
    const participant = participantId === undefined ? undefined : state.participants.get(participantId);
    if (participant !== undefined) addParticipant(totals, participant, context, sign);
    const entry = paymentId === undefined ? undefined : state.ledger.get(paymentId);
    if (entry !== undefined) addEntry(totals, entry, sign);
  };
  take(-1);
  const evolved = evolve(state, stored);
  take(1);
  return evolved;
}

/** The lasting codes of each definition in force, computed once (every participant event needs them). */
const lastingByDefinition = new WeakMap<ContractDefinition, ReadonlySet<string>>();

function participantContext(state: ContractState): ParticipantContext {
  const definition = registeredDefinition(state);
  let lasting = lastingByDefinition.get(definition);
  if (lasting === undefined) {
    lasting = new Set(lastingOutcomeCodes(state));
    lastingByDefinition.set(definition, lasting);
  }
  return { lasting, perParticipantCap: definition.caps.perParticipant, ledger: state.ledger };
}

/** A participant's contribution: where it stands, how far it got, whether it reached the per-participant cap. */
function addParticipant(totals: SummaryTotals, participant: ParticipantState, context: ParticipantContext, sign: 1 | -1): void {
  const { participants, funnel } = totals;
  participants.total += sign;
  participants[participantStatusOf(participant)] += sign;
  if (participant.referral !== null) funnel.referred += sign;
  if (participant.enrolment === null) return;
  funnel.enrolled += sign;
  if (participant.facts.placements.size > 0) funnel.placed += sign;
  if (participant.verified.size > 0) funnel.anyOutcome += sign;
  for (const paymentId of participant.verified.values()) {
    const code = context.ledger.get(paymentId)?.outcomeCode;
    if (code !== undefined && context.lasting.has(code)) {
      funnel.lastingOutcome += sign;
      break;
    }
  }
  const cap = context.perParticipantCap;
  if (cap !== undefined && participant.totals.committed >= cap) totals.participantsAtCap += sign;
}

/** A ledger entry's contribution: to its outcome's figures and to the money. */
function addEntry(totals: SummaryTotals, entry: LedgerEntry, sign: 1 | -1): void {
  let tally = totals.outcomes.get(entry.outcomeCode);
  if (tally === undefined) {
    tally = {
      verified: { count: 0, amount: 0 },
      capped: { count: 0, amount: 0, shortfall: 0 },
      reversed: { count: 0, amount: 0 },
      first: { termsVersion: entry.termsVersion, price: entry.price },
    };
    totals.outcomes.set(entry.outcomeCode, tally);
  }
  if (entry.reversal !== null) {
    tally.reversed.count += sign;
    tally.reversed.amount += sign * entry.amount;
  } else {
    tally.verified.count += sign;
    tally.verified.amount += sign * entry.amount;
    if (entry.amount < entry.price) {
      tally.capped.count += sign;
      tally.capped.amount += sign * entry.amount;
      tally.capped.shortfall += sign * (entry.price - entry.amount);
    }
  }
  addOutcomePayment(totals.money, entry, sign);
}
