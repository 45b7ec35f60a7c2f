import { createHash } from 'node:crypto';
import type { ContractCommandRequest } from '#contracts';
import { addDays, impact60Example, isoWeekOf, mondayOfIsoWeek } from '#domain';

/**
 * Realistic participant facts for the service benchmarks (HTTP API, bulk import, re-verification):
 * one participant's history, week by week and in date order, as the facts a provider and a
 * commissioner would record: placements starting and ending, payroll evidence for them, and the
 * benefit register's weekly records, with now and then a register correction of an earlier week.
 * Under the §4 definition these verify JOB_START, JOB_13W (twice) and SELF_SUPPORT_26W along the
 * way, and the corrections reverse (and later re-verify) outcomes.
 */

/** A fact without its participant: the command type and the data the HTTP API and the import take. */
export type FactSpec =
  | { type: 'StartPlacement'; data: { placementId: string; employerRef: string; kind: 'ordinary' | 'flexjob'; hoursPerWeek: number; startDate: string } }
  | { type: 'EndPlacement'; placementId: string; data: { endDate: string; reason: string } }
  | {
      type: 'RecordPayrollEvidence';
      data: { evidenceId: string; placementId: string; periodFrom: string; periodTo: string; source: string; documentSha256: string };
    }
  | { type: 'RecordBenefitWeek'; data: { week: string; benefitPaid: boolean; source: string } };

export interface FactPlan {
  /** Monday of the first week (the participant is enrolled on or before it). */
  firstMonday: string;
  /** Weeks in work per placement, then weeks between placements. */
  placementWeeks: number;
  gapWeeks: number;
  /** Payroll evidence covers this many weeks (1: weekly payslips, 4: about monthly). */
  evidenceWeeks: number;
  /** Whether benefit is paid in the weeks between placements of the k-th cycle (default: always). */
  benefitPaidBetween?: (cycle: number) => boolean;
  /** No facts for weeks whose Monday is after this date (the history ends). */
  until?: string;
  /** Every `correctionEvery` weeks, also record a correction (benefit paid after all) for a week `correctionLag` weeks back. */
  correctionEvery?: number;
  correctionLag?: number;
}

/** The §4 plan of the API and import benchmarks: 30-week placements, 4 weeks between, 4-weekly payslips. */
export const TYPICAL_PLAN: FactPlan = {
  firstMonday: '2018-10-01',
  placementWeeks: 30,
  gapWeeks: 4,
  evidenceWeeks: 4,
  correctionEvery: 52,
  correctionLag: 30,
  until: '2022-12-19',
};

export const ENROLLED_ON = '2018-10-01';
export const REFERRED_ON = '2018-09-24';

/** A participant referred (thorough intake, accepted) and enrolled: the set-up of every benchmark's participants. */
export function referralAndEnrolment(participantId: string, metadata: ContractCommandRequest['metadata']): ContractCommandRequest[] {
  return [
    {
      command: { type: 'ReferParticipant', data: { participantId, referredOn: REFERRED_ON, intakeVariant: 'thorough', intakeOutcome: 'accepted' } },
      metadata,
    },
    { command: { type: 'EnrolParticipant', data: { participantId, enrolledOn: ENROLLED_ON } }, metadata },
  ] as ContractCommandRequest[];
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The participant's facts in the order they are recorded, week after week (until `plan.until`, if given). */
export function* participantFacts(plan: FactPlan): Generator<FactSpec> {
  const cycleWeeks = plan.placementWeeks + plan.gapWeeks;
  let evidenceFrom: string | undefined;
  for (let week = 0; ; week++) {
    const monday = addDays(plan.firstMonday, 7 * week);
    if (plan.until !== undefined && monday > plan.until) return;
    const sunday = addDays(monday, 6);
    const cycle = Math.floor(week / cycleWeeks);
    const inCycle = week % cycleWeeks;
    const placementId = `P${cycle + 1}`;
    const working = inCycle < plan.placementWeeks;
    if (inCycle === 0) {
      const flexjob = cycle % 4 === 3;
      yield {
        type: 'StartPlacement',
        data: {
          placementId,
          employerRef: `employer-${(cycle % 7) + 1}`,
          kind: flexjob ? 'flexjob' : 'ordinary',
          hoursPerWeek: flexjob ? 18 : 30,
          startDate: monday,
        },
      };
      evidenceFrom = monday;
    }
    const lastWorkingWeek = inCycle === plan.placementWeeks - 1;
    if (working && ((inCycle + 1) % plan.evidenceWeeks === 0 || lastWorkingWeek)) {
      const evidenceId = `${placementId}-${evidenceFrom}`;
      yield {
        type: 'RecordPayrollEvidence',
        data: { evidenceId, placementId, periodFrom: evidenceFrom!, periodTo: sunday, source: 'eIndkomst', documentSha256: sha(evidenceId) },
      };
      evidenceFrom = addDays(sunday, 1);
    }
    const benefitPaid = !working && (plan.benefitPaidBetween?.(cycle) ?? true);
    yield { type: 'RecordBenefitWeek', data: { week: isoWeekOf(monday), benefitPaid, source: 'DREAM' } };
    if (lastWorkingWeek) yield { type: 'EndPlacement', placementId, data: { endDate: sunday, reason: 'contract ended' } };
    if (plan.correctionEvery && (week + 1) % plan.correctionEvery === 0) {
      const corrected = isoWeekOf(addDays(monday, -7 * (plan.correctionLag ?? 10)));
      yield { type: 'RecordBenefitWeek', data: { week: corrected, benefitPaid: true, source: 'DREAM correction' } };
    }
  }
}

/**
 * The participants' facts as they arrive, round the participants (each one's next fact in turn,
 * each history in date order) until every history is taken; `turn` counts the turns taken so far.
 */
export function* factsInTurn(
  participantIds: string[],
  planOf: (index: number) => FactPlan,
): Generator<{ participantId: string; fact: FactSpec; turn: number }> {
  const scripts = participantIds.map((participantId, index) => ({ participantId, facts: participantFacts(planOf(index)) }));
  for (let exhausted = 0, turn = 0; exhausted < scripts.length; turn++) {
    const script = scripts[turn % scripts.length];
    const next = script.facts.next();
    if (next.done) {
      exhausted++;
      continue;
    }
    exhausted = 0;
    yield { participantId: script.participantId, fact: next.value, turn };
  }
}

/** The fact as the domain command for a participant. */
export function commandOf(participantId: string, fact: FactSpec): { type: FactSpec['type']; data: Record<string, unknown> } {
  if (fact.type === 'EndPlacement') return { type: fact.type, data: { participantId, placementId: fact.placementId, ...fact.data } };
  return { type: fact.type, data: { participantId, ...fact.data } };
}

/** The HTTP request that records the fact: path below /contracts/:id/participants/:participant, and body. */
export function requestOf(fact: FactSpec): { path: string; body: unknown } {
  switch (fact.type) {
    case 'StartPlacement':
      return { path: '/placements', body: fact.data };
    case 'EndPlacement':
      return { path: `/placements/${fact.placementId}/end`, body: fact.data };
    case 'RecordPayrollEvidence':
      return { path: '/payroll-evidence', body: fact.data };
    case 'RecordBenefitWeek':
      return { path: '/benefit-weeks', body: fact.data };
  }
}

/** The §4 contract under another id, with a total cap no benchmark reaches. */
export function benchContract(contractId: string, periodEnd?: string): Record<string, unknown> {
  const definition = impact60Example() as unknown as Record<string, any>;
  definition.contractId = contractId;
  definition.caps = { ...definition.caps, total: 100_000_000_000_000 };
  if (periodEnd) definition.period = { ...definition.period, end: periodEnd };
  return definition;
}

/** A valid, distinct CPR number for participant n (born 1960-1989; never a real person's on purpose). */
export function cprOf(n: number): string {
  const day = String((n % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(n / 28) % 12) + 1).padStart(2, '0');
  const year = String(60 + (Math.floor(n / 336) % 30)).padStart(2, '0');
  const serial = String(Math.floor(n / 10080) % 4000).padStart(4, '0');
  return `${day}${month}${year}-${serial}`;
}

/** Monday of the ISO week a date falls in. */
export function mondayOf(date: string): string {
  return mondayOfIsoWeek(isoWeekOf(date));
}
