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
  const definition = state.definition;
  if (definition === null || state.contractId === null) throw new Error('evidence of a contract that is not registered');
  const window = contractWindow(definition, state.termination);
  const filter = employmentFilterOf(definition);
  const lasting = lastingOutcomeOf(definition);
  const outcomeOrder = new Map(definition.outcomes.map((o, i) => [o.code, i] as const));
  const ledgerByParticipant = new Map<string, LedgerEntry[]>();
  for (const entry of state.ledger.values()) {
    const list = ledgerByParticipant.get(entry.participantId) ?? [];
    list.push(entry);
    ledgerByParticipant.set(entry.participantId, list);
  }
  const order = (code: string) => outcomeOrder.get(code) ?? Number.MAX_SAFE_INTEGER;
  for (const entries of ledgerByParticipant.values()) {
    entries.sort(
      (a, b) =>
        order(a.outcomeCode) - order(b.outcomeCode) || compareStrings(a.outcomeCode, b.outcomeCode) || a.occurrence - b.occurrence || a.revision - b.revision,
    );
  }

  const participants: ParticipantEvidence[] = [];
  for (const participant of state.participants.values()) {
    if (participant.referral === null) continue;
    participants.push(participantEvidence(participant, filter, ledgerByParticipant.get(participant.participantId) ?? []));
  }
  const latest = latestFactDate(state);
  const observedUntil = minDate(latest === null ? observedOn : minDate(latest, observedOn), window.end);
  return {
    contract: contractRow(definition, window.end, observedUntil, filter),
    outcomes: definition.outcomes.map((outcome, i) => outcomeRow(definition, i, lasting)),
    participants,
  };
}

/**
 * The latest business date any recorded fact speaks of: facts are recorded after the fact (payslips
 * a month late, the benefit register two), so follow-up cannot reach past what has been recorded.
 */
function latestFactDate(state: ContractState): string | null {
  let latest: string | null = null;
  const see = (date: string | undefined | null) => {
    if (date != null && (latest === null || compareDates(date, latest) > 0)) latest = date;
  };
  for (const p of state.participants.values()) {
    see(p.referral?.referredOn);
    see(p.enrolment?.enrolledOn);
    see(p.withdrawal?.withdrawnOn);
    for (const placement of p.facts.placements.values()) {
      see(placement.startDate);
      see(placement.endDate);
    }
    for (const evidence of p.facts.payrollEvidence.values()) if (!evidence.revoked) see(evidence.to);
    for (const week of p.facts.benefitWeeks.values()) see(sundayOfIsoWeek(week.week));
  }
  for (const entry of state.ledger.values()) {
    see(entry.achievedOn);
    see(entry.confirmation?.confirmedOn);
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

function participantEvidence(participant: ParticipantState, filter: PlacementFilter, ledger: LedgerEntry[]): ParticipantEvidence {
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
