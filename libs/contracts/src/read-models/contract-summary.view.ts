import { capHeadroom, contractWindow, type ContractState, type LedgerEntry, paymentTotals } from '#domain';
import { type AsRecorded, participantStatusOf, registeredDefinition } from './participants.view.js';

/** Occurrences and their amounts (minor units). */
export interface CountAndAmount {
  count: number;
  amount: number;
}

export interface OutcomeFigures {
  code: string;
  /** The trigger's type, e.g. `employmentSustained`. */
  trigger: string;
  price: number;
  maxPerParticipant: number;
  /** Verified and not reversed (capped ones included); amount: what they trigger. */
  verified: CountAndAmount;
  /** Of the verified ones, those whose amount is below the price; `shortfall`: price minus amount, summed. */
  capped: CountAndAmount & { shortfall: number };
  /** Verified, then reversed; amount: what the reversals took back (as a positive sum). */
  reversed: CountAndAmount;
}

export interface SettlementProgress {
  /** Proposals made so far. */
  proposals: number;
  /** The agreed proposal, once both parties agreed one. */
  agreedProposalId: number | null;
  /** The agreed settlement's payment identity and amount (minor units). */
  paymentId: string | null;
  amount: number | null;
  paid: boolean;
  /** New amounts to settle made by money that moved after the agreement for what it had netted. */
  adjustments: number;
}

export interface ContractSummaryView extends AsRecorded {
  contract: {
    title: string;
    currency: string;
    /** registered, active or terminated. */
    status: string;
    parties: { commissioner: string; investor: string; provider: string };
    period: { start: string; end: string };
    /** The days outcomes may be achieved on: the period, or what a termination left of it. */
    window: { start: string; end: string };
    termsVersion: number;
    activatedOn: string | null;
    termination: { effectiveOn: string; reason: string; method: string; position: number; recordedAt: string } | null;
    /** After a termination: how far its settlement has come (the settlement itself: GET …/settlement). */
    settlement: SettlementProgress | null;
    targetParticipants: number;
  };
  /** Participants by where they stand now; the four add up to `total`. */
  participants: { total: number; referred: number; rejected: number; enrolled: number; withdrawn: number };
  /**
   * Participants who got at least this far: referred (all), enrolled (ever), placed (a placement
   * recorded), any outcome (one verified and not reversed), a lasting outcome (one of
   * `lastingOutcomeCodes`: every outcome other than a placement start).
   */
  funnel: { referred: number; enrolled: number; placed: number; anyOutcome: number; lastingOutcome: number; lastingOutcomeCodes: string[] };
  /** In the definition's order; outcomes of earlier terms that still have occurrences follow. */
  outcomes: OutcomeFigures[];
  /**
   * The contract's money, by the state of each payment identity (outcomes, an agreed settlement and
   * its adjustments: docs/rules.md §7 "No money paid twice"): paid − recovered + due − toRecover = owed.
   */
  money: {
    /** Sum of the amounts of verified, unreversed occurrences. */
    triggered: number;
    /** What the rules say is owed in all: `triggered`, or once a settlement is agreed what it agreed (achieved + future). */
    owed: number;
    /** Money paid (outcome payments, the settlement's and adjustments' positive amounts). */
    paid: number;
    /** Money that came back. */
    recovered: number;
    /** paid − recovered. */
    confirmed: number;
    /** Open amounts to pay: payment identities in state `due`. */
    due: number;
    /** Open amounts to recover: payment identities in state `to-recover`. */
    toRecover: number;
    /** The open amounts an agreed settlement netted (due less to recover), which it pays or collects instead. */
    superseded: number;
    /** due − toRecover (= owed − confirmed). */
    net: number;
  };
  /** A cap the contract does not have is null (and so is the total's headroom without it). */
  caps: {
    total: number | null;
    /** Committed to verified, unreversed occurrences (= money.triggered). */
    used: number;
    headroom: number | null;
    perParticipant: number | null;
    /** Participants whose committed amount has reached the per-participant cap. */
    participantsAtCap: number;
  };
}

/** A contract at a glance (§10): funnel, outcomes, payments against caps. Aggregates only: no participant is named. */
export function contractSummaryView(state: ContractState, asOf: string): ContractSummaryView {
  const definition = registeredDefinition(state);
  const lastingCodes = definition.outcomes.filter((o) => o.trigger.type !== 'placementStart').map((o) => o.code);
  const lasting = new Set(lastingCodes);

  const participants = { total: 0, referred: 0, rejected: 0, enrolled: 0, withdrawn: 0 };
  const funnel = { referred: 0, enrolled: 0, placed: 0, anyOutcome: 0, lastingOutcome: 0 };
  let participantsAtCap = 0;
  for (const participant of state.participants.values()) {
    participants.total += 1;
    participants[participantStatusOf(participant)] += 1;
    if (participant.referral !== null) funnel.referred += 1;
    if (participant.enrolment === null) continue;
    funnel.enrolled += 1;
    if (participant.facts.placements.size > 0) funnel.placed += 1;
    if (participant.verified.size > 0) funnel.anyOutcome += 1;
    const codes = [...participant.verified.values()].map((paymentId) => state.ledger.get(paymentId)?.outcomeCode);
    if (codes.some((code) => code !== undefined && lasting.has(code))) funnel.lastingOutcome += 1;
    const cap = definition.caps.perParticipant;
    if (cap !== undefined && participant.totals.committed >= cap) participantsAtCap += 1;
  }

  const figures = new Map<string, OutcomeFigures>();
  const figuresOf = (entry: LedgerEntry): OutcomeFigures => {
    let found = figures.get(entry.outcomeCode);
    if (found === undefined) {
      // An outcome the terms in force no longer have: show what the terms it was verified under said.
      const outcome = state.terms.find((t) => t.termsVersion === entry.termsVersion)?.definition.outcomes.find((o) => o.code === entry.outcomeCode);
      found = emptyFigures(entry.outcomeCode, outcome?.trigger.type ?? 'unknown', outcome?.price ?? entry.price, outcome?.maxPerParticipant ?? 0);
      figures.set(entry.outcomeCode, found);
    }
    return found;
  };
  for (const outcome of definition.outcomes)
    figures.set(outcome.code, emptyFigures(outcome.code, outcome.trigger.type, outcome.price, outcome.maxPerParticipant));

  for (const entry of state.ledger.values()) {
    const f = figuresOf(entry);
    if (entry.reversal !== null) {
      f.reversed.count += 1;
      f.reversed.amount += entry.amount;
      continue;
    }
    f.verified.count += 1;
    f.verified.amount += entry.amount;
    if (entry.amount < entry.price) {
      f.capped.count += 1;
      f.capped.amount += entry.amount;
      f.capped.shortfall += entry.price - entry.amount;
    }
  }
  const money = paymentTotals(state);

  const window = contractWindow(definition, state.termination);
  const { termination } = state;
  return {
    contractId: definition.contractId,
    asOf,
    version: state.version,
    contract: {
      title: definition.title,
      currency: definition.currency,
      status: state.status,
      parties: { ...definition.parties },
      period: { start: definition.period.start, end: definition.period.end },
      window: { start: window.start, end: window.end },
      termsVersion: state.termsVersion,
      activatedOn: state.activatedOn,
      termination:
        termination === null
          ? null
          : {
              effectiveOn: termination.effectiveOn,
              reason: termination.reason,
              method: termination.method,
              position: termination.position,
              recordedAt: termination.recordedAt,
            },
      settlement: termination === null ? null : settlementProgress(state),
      targetParticipants: definition.targetParticipants,
    },
    participants,
    funnel: { ...funnel, lastingOutcomeCodes: lastingCodes },
    outcomes: [...figures.values()],
    money: {
      triggered: state.totals.committed,
      owed: money.owed,
      paid: money.paid,
      recovered: money.recovered,
      confirmed: money.paid - money.recovered,
      due: money.due,
      toRecover: money.toRecover,
      superseded: money.superseded,
      net: money.due - money.toRecover,
    },
    caps: {
      total: definition.caps.total ?? null,
      used: state.totals.committed,
      headroom: definition.caps.total === undefined ? null : capHeadroom(definition.caps.total, state.totals.committed),
      perParticipant: definition.caps.perParticipant ?? null,
      participantsAtCap,
    },
  };
}

function settlementProgress(state: ContractState): SettlementProgress {
  const { proposals, agreement, payment, adjustments } = state.settlement;
  return {
    proposals: proposals.length,
    agreedProposalId: agreement?.proposalId ?? null,
    paymentId: agreement?.paymentId ?? null,
    amount: agreement?.amount ?? null,
    paid: payment !== null,
    adjustments: adjustments.length,
  };
}

function emptyFigures(code: string, trigger: string, price: number, maxPerParticipant: number): OutcomeFigures {
  return {
    code,
    trigger,
    price,
    maxPerParticipant,
    verified: { count: 0, amount: 0 },
    capped: { count: 0, amount: 0, shortfall: 0 },
    reversed: { count: 0, amount: 0 },
  };
}
