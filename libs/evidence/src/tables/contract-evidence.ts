import {
  compareDates,
  compareStrings,
  contractWindow,
  type ContractDefinition,
  type ContractState,
  fromEpochDay,
  isoWeekMondayEpochDay,
  type LedgerEntry,
  minDate,
  type ParticipantState,
  type PlacementFilter,
  qualifies,
  maskCprShaped,
  sundayOfIsoWeek,
} from '#domain';
import { employmentFilterOf, lastingOutcomeOf } from './evidence-definitions.js';
import type {
  BenefitWeekRow,
  ContractRow,
  EvidenceTables,
  OccurrenceRow,
  OutcomeRow,
  ParticipantRow,
  PaymentRow,
  PlacementRow,
  SpellRow,
} from './evidence-rows.js';
import { employmentSpells, evidencedDaysByPlacement } from './employment-spells.js';

/** One referred participant: its row, and its rows of the other tables, made when asked for. */
export interface ParticipantEvidence {
  /** The in-service pseudonym: never leaves the service (a package replaces it). */
  participantId: string;
  row: ParticipantRow;
  placements(): PlacementRow[];
  spells(): SpellRow[];
  benefitWeeks(): BenefitWeekRow[];
  occurrences(): OccurrenceRow[];
  payments(): PaymentRow[];
}

/** A contract's evidence: small tables whole, participants' rows one participant at a time. */
export interface ContractEvidence {
  contract: ContractRow;
  outcomes: OutcomeRow[];
  participants: ParticipantEvidence[];
}

/**
 * The evidence of a contract's state (folded from its events) as seen on `observedOn` (the as-of
 * date): the tables of an evidence package, keyed by in-service pseudonyms and with exact dates.
 * The state must not change while the evidence is read (pass a copy of a live state).
 */
export function contractEvidence(state: ContractState, observedOn: string): ContractEvidence {
  const { definition, filter, outcomes } = evidenceTerms(state);
  const ledger = ledgerByParticipant(state);
  const participants: ParticipantEvidence[] = [];
  for (const participant of state.participants.values()) {
    if (participant.referral === null) continue;
    participants.push(participantEvidence(participant, filter, sortedLedger(ledger.get(participant.participantId) ?? [], definition)));
  }
  let latest: string | null = null;
  for (const participant of state.participants.values()) latest = laterDate(latest, latestParticipantDate(participant));
  for (const entries of ledger.values()) latest = laterDate(latest, latestLedgerDate(entries));
  return { contract: contractRowAsOf(state, definition, filter, latest, observedOn), outcomes, participants };
}

/** What a contract's evidence is read against: its terms in force, their employment rule and the outcomes table. */
export function evidenceTerms(state: ContractState): { definition: ContractDefinition; filter: PlacementFilter; outcomes: OutcomeRow[] } {
  const definition = state.definition;
  if (definition === null || state.contractId === null) throw new Error('evidence of a contract that is not registered');
  const lasting = lastingOutcomeOf(definition);
  return { definition, filter: employmentFilterOf(definition), outcomes: definition.outcomes.map((_, i) => outcomeRow(definition, i, lasting)) };
}

/** The contract row, its follow-up ending at the latest fact date given, the as-of date or the window's end, whichever is first. */
export function contractRowAsOf(
  state: ContractState,
  definition: ContractDefinition,
  filter: PlacementFilter,
  latestFact: string | null,
  observedOn: string,
): ContractRow {
  const window = contractWindow(definition, state.termination);
  const observedUntil = minDate(latestFact === null ? observedOn : minDate(latestFact, observedOn), window.end);
  return contractRow(definition, window.end, observedUntil, filter);
}

/** The ledger's entries by participant, in the ledger's order. */
export function ledgerByParticipant(state: ContractState): Map<string, LedgerEntry[]> {
  const byParticipant = new Map<string, LedgerEntry[]>();
  for (const entry of state.ledger.values()) {
    const list = byParticipant.get(entry.participantId);
    if (list === undefined) byParticipant.set(entry.participantId, [entry]);
    else list.push(entry);
  }
  return byParticipant;
}

/** One participant's entries in the order of the occurrences table: by outcome (definition order), occurrence, revision. */
export function sortedLedger(entries: readonly LedgerEntry[], definition: ContractDefinition): LedgerEntry[] {
  const outcomeOrder = new Map(definition.outcomes.map((o, i) => [o.code, i] as const));
  const order = (code: string) => outcomeOrder.get(code) ?? Number.MAX_SAFE_INTEGER;
  return [...entries].sort(
    (a, b) =>
      order(a.outcomeCode) - order(b.outcomeCode) || compareStrings(a.outcomeCode, b.outcomeCode) || a.occurrence - b.occurrence || a.revision - b.revision,
  );
}

// The latest business date any recorded fact speaks of bounds follow-up: facts are recorded after
// the fact (payslips a month late, the benefit register two), so it cannot reach past them.

/** The latest of the dates, null counting as none. */
export function laterDate(a: string | null, b: string | null | undefined): string | null {
  if (b == null) return a;
  return a === null || compareDates(b, a) > 0 ? b : a;
}

/** The latest business date the participant's own facts speak of (referral, enrolment, withdrawal, placements, unrevoked payroll evidence, benefit weeks). */
export function latestParticipantDate(p: ParticipantState): string | null {
  let latest: string | null = null;
  latest = laterDate(latest, p.referral?.referredOn);
  latest = laterDate(latest, p.enrolment?.enrolledOn);
  latest = laterDate(latest, p.withdrawal?.withdrawnOn);
  for (const placement of p.facts.placements.values()) {
    latest = laterDate(latest, placement.startDate);
    latest = laterDate(latest, placement.endDate);
  }
  for (const evidence of p.facts.payrollEvidence.values()) if (!evidence.revoked) latest = laterDate(latest, evidence.to);
  for (const week of p.facts.benefitWeeks.values()) latest = laterDate(latest, sundayOfIsoWeek(week.week));
  return latest;
}

/** The latest achievement or payment confirmation date of these ledger entries. */
export function latestLedgerDate(entries: Iterable<LedgerEntry>): string | null {
  let latest: string | null = null;
  for (const entry of entries) {
    latest = laterDate(latest, entry.achievedOn);
    latest = laterDate(latest, entry.confirmation?.confirmedOn);
  }
  return latest;
}

/** The tables the figures need, whole (participants in the evidence's order). */
export function evidenceTables(evidence: ContractEvidence): EvidenceTables {
  const tables: EvidenceTables = {
    contract: evidence.contract,
    outcomes: evidence.outcomes,
    participants: [],
    placements: [],
    spells: [],
    occurrences: [],
    payments: [],
  };
  for (const p of evidence.participants) {
    tables.participants.push(p.row);
    tables.placements.push(...p.placements());
    tables.spells.push(...p.spells());
    tables.occurrences.push(...p.occurrences());
    tables.payments.push(...p.payments());
  }
  return tables;
}

function contractRow(definition: ContractDefinition, windowEnd: string, observedUntil: string, filter: PlacementFilter): ContractRow {
  return {
    contract: definition.contractId,
    title: definition.title,
    currency: definition.currency,
    periodStart: definition.period.start,
    periodEnd: definition.period.end,
    windowEnd,
    observedUntil,
    perParticipantCap: definition.caps?.perParticipant ?? null,
    totalCap: definition.caps?.total ?? null,
    employmentMinHoursPerWeek: filter.minHoursPerWeek,
    employmentKinds: filter.kinds?.join(',') ?? null,
  };
}

function outcomeRow(definition: ContractDefinition, index: number, lasting: string): OutcomeRow {
  const outcome = definition.outcomes[index];
  const trigger = outcome.trigger;
  return {
    outcome: outcome.code,
    position: index + 1,
    trigger: trigger.type,
    weeks: 'weeks' in trigger ? trigger.weeks : null,
    minHoursPerWeek: 'minHoursPerWeek' in trigger ? trigger.minHoursPerWeek : null,
    kinds: 'kinds' in trigger && trigger.kinds !== undefined ? trigger.kinds.join(',') : null,
    unbroken: trigger.type === 'employmentSustained' ? trigger.continuous : trigger.type === 'benefitFreeWeeks' ? trigger.consecutive : null,
    price: outcome.price,
    maxPerParticipant: outcome.maxPerParticipant,
    lastingAttachment: outcome.code === lasting,
  };
}

/** Free text as recorded (intake variants, reasons), with anything shaped like a CPR number masked: it leaves the service. */
function freeText(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : maskCprShaped(value);
}

export function participantEvidence(participant: ParticipantState, filter: PlacementFilter, ledger: LedgerEntry[]): ParticipantEvidence {
  const id = participant.participantId;
  const referral = participant.referral!;
  const facts = participant.facts;
  return {
    participantId: id,
    row: {
      participant: id,
      referralCohort: referral.referredOn.slice(0, 7),
      intakeVariant: freeText(referral.intakeVariant),
      intakeOutcome: referral.intakeOutcome,
      referredOn: referral.referredOn,
      enrolledOn: participant.enrolment?.enrolledOn ?? null,
      withdrawnOn: participant.withdrawal?.withdrawnOn ?? null,
      withdrawalReason: freeText(participant.withdrawal?.reason),
    },
    placements: () => {
      const evidenced = evidencedDaysByPlacement(facts);
      return [...facts.placements.values()]
        .sort((a, b) => compareDates(a.startDate, b.startDate) || compareStrings(a.placementId, b.placementId))
        .map((p, i) => ({
          participant: id,
          placement: i + 1,
          employer: p.employerRef ?? '',
          kind: p.kind,
          hoursPerWeek: p.hoursPerWeek,
          startDate: p.startDate,
          endDate: p.endDate ?? null,
          endReason: freeText(p.endReason),
          qualifying: qualifies(p, filter),
          evidencedDays: evidenced.get(p.placementId) ?? 0,
        }));
    },
    spells: () =>
      employmentSpells(facts, filter).map((spell, i) => ({
        participant: id,
        spell: i + 1,
        startDate: fromEpochDay(spell.from),
        endDate: spell.open ? null : fromEpochDay(spell.to),
        censoredOn: spell.open ? fromEpochDay(spell.to) : null,
        days: spell.to - spell.from + 1,
      })),
    benefitWeeks: () =>
      [...facts.benefitWeeks.values()]
        .sort((a, b) => isoWeekMondayEpochDay(a.week) - isoWeekMondayEpochDay(b.week))
        .map((w) => ({ participant: id, week: w.week, benefitPaid: w.benefitPaid, corrections: w.records - 1 })),
    occurrences: () =>
      ledger.map((e) => ({
        participant: id,
        outcome: e.outcomeCode,
        occurrence: e.occurrence,
        revision: e.revision,
        achievedOn: e.achievedOn,
        price: e.price,
        amount: e.amount,
        capReason: e.capReason,
        status: e.reversal === null ? 'verified' : 'reversed',
      })),
    payments: () =>
      ledger
        .filter((e) => e.confirmation !== null)
        .map((e) => ({
          participant: id,
          outcome: e.outcomeCode,
          occurrence: e.occurrence,
          revision: e.revision,
          confirmedOn: e.confirmation!.confirmedOn,
          amount: e.confirmation!.amount,
        })),
  };
}
