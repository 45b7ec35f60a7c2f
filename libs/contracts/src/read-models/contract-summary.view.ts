import { capHeadroom, contractWindow, type ContractState, type PaymentTotals, settlementPaymentTotals } from '#domain';
import { lastingOutcomeCodes, type OutcomeTally, type SummaryTotals, summaryTotalsOf } from './contract-summary.totals.js';
import { type AsRecorded, registeredDefinition } from './participants.view.js';

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
  return summaryViewOf(state, summaryTotalsOf(state), asOf);
}

/**
 * The summary of a registered contract's state whose sums over participants and ledger entries are
 * `totals` (summaryTotalsOf's, or the same kept as events come: contract-summary.projection.ts);
 * the rest is what the contract itself says.
 */
export function summaryViewOf(state: ContractState, totals: SummaryTotals, asOf: string): ContractSummaryView {
  const definition = registeredDefinition(state);
  const outcomes: OutcomeFigures[] = definition.outcomes.map((outcome) =>
    figuresOf(outcome.code, outcome.trigger.type, outcome.price, outcome.maxPerParticipant, totals.outcomes.get(outcome.code)),
  );
  const inForce = new Set(definition.outcomes.map((outcome) => outcome.code));
  for (const [code, tally] of totals.outcomes) {
    if (inForce.has(code)) continue;
    // An outcome the terms in force no longer have: show what the terms it was verified under said.
    const outcome = state.terms.find((t) => t.termsVersion === tally.first.termsVersion)?.definition.outcomes.find((o) => o.code === code);
    outcomes.push(figuresOf(code, outcome?.trigger.type ?? 'unknown', outcome?.price ?? tally.first.price, outcome?.maxPerParticipant ?? 0, tally));
  }
  const money = settlementPaymentTotals(state);
  for (const key of ['paid', 'recovered', 'due', 'toRecover', 'superseded'] as const) money[key] += totals.money[key];

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
    participants: { ...totals.participants },
    funnel: { ...totals.funnel, lastingOutcomeCodes: lastingOutcomeCodes(state) },
    outcomes,
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
      participantsAtCap: totals.participantsAtCap,
    },
  };
}

/**
 * A key of everything summaryViewOf reads but where and when it was asked (contractId, asOf,
 * version): equal keys, equal summaries. Built on every batch the command side appends (the summary
 * is stored only when its key moved: contract-summary.projection.ts), so a few dozen numbers read
 * without building the summary. The terms (title, parties, outcomes, caps, which are lasting) move
 * only with `termsVersion`; the rest is each figure the summary shows or sums.
 */
export function summaryKeyOf(state: ContractState, totals: SummaryTotals): string {
  const { termination, settlement } = state;
  const parts: unknown[] = [
    state.termsVersion,
    state.status,
    state.activatedOn,
    state.totals.committed,
    termination === null ? null : `${termination.effectiveOn}|${termination.reason}|${termination.method}|${termination.position}|${termination.recordedAt}`,
    settlement.proposals.length,
    settlement.agreement?.proposalId,
    settlement.agreement?.paymentId,
    settlement.agreement?.amount,
    settlement.payment !== null,
    settlement.adjustments.length,
    ...moneyKeyOf(settlementPaymentTotals(state)),
    ...Object.values(totals.participants),
    ...Object.values(totals.funnel),
    totals.participantsAtCap,
    ...moneyKeyOf(totals.money),
  ];
  for (const [code, tally] of totals.outcomes) {
    const { verified, capped, reversed, first } = tally;
    parts.push(
      code,
      verified.count,
      verified.amount,
      capped.count,
      capped.amount,
      capped.shortfall,
      reversed.count,
      reversed.amount,
      first.termsVersion,
      first.price,
    );
  }
  return parts.join(',');
}

function moneyKeyOf(money: PaymentTotals): number[] {
  return [money.paid, money.recovered, money.due, money.toRecover, money.superseded, money.owed];
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

function figuresOf(code: string, trigger: string, price: number, maxPerParticipant: number, tally: OutcomeTally | undefined): OutcomeFigures {
  return {
    code,
    trigger,
    price,
    maxPerParticipant,
    verified: { ...(tally?.verified ?? { count: 0, amount: 0 }) },
    capped: { ...(tally?.capped ?? { count: 0, amount: 0, shortfall: 0 }) },
    reversed: { ...(tally?.reversed ?? { count: 0, amount: 0 }) },
  };
}
