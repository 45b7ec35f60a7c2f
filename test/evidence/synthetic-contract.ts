import { generateDemoPlan, type WeekPlan } from '../../apps/demo/src/synthetic-facts.js';
import { type ContractCommand, type ContractState, isDomainError, pseudonymise } from '#domain';
import { cmd, ContractHarness } from '#domain/testing/contract.harness.js';

// A synthetic IMPACT60-like contract (the demo's generator: intake variants, dropouts, a circular
// path through placements, payslips, benefit weeks with corrections), for the evidence tests.

export const KEY = Buffer.from('ab'.repeat(32), 'hex');

export interface SyntheticLine {
  commandId: string;
  type: string;
  data: Record<string, unknown>;
}

export interface SyntheticWeek {
  plan: WeekPlan;
  /** The commissioner's: referrals (with the CPR number, as an import sends them) and benefit weeks. */
  commissioner: SyntheticLine[];
  provider: SyntheticLine[];
}

export function syntheticWeeks(options: { seed: number; citizens: number; weeks: number }): { weeks: SyntheticWeek[]; cprs: string[]; pseudonyms: string[] } {
  const plan = generateDemoPlan({ ...options, start: '2018-09-03' });
  const pseudonyms = new Map<number, string>();
  const cprs: string[] = [];
  const resolve = (lines: WeekPlan['provider']) =>
    lines.map(({ citizen, ...line }) => ({ ...line, data: citizen === undefined ? line.data : { participantId: pseudonyms.get(citizen)!, ...line.data } }));
  const weeks = plan.weeks.map((week) => {
    const referrals = week.referrals.map((r) => {
      pseudonyms.set(r.citizen, pseudonymise(r.cpr, KEY));
      cprs.push(r.cpr);
      return {
        commandId: `referral:${r.citizen}`,
        type: 'ReferParticipant',
        data: { cpr: r.cpr, referredOn: r.referredOn, intakeVariant: r.intakeVariant, intakeOutcome: r.intakeOutcome },
      };
    });
    return { plan: week, commissioner: [...referrals, ...resolve(week.register)], provider: resolve(week.provider) };
  });
  return { weeks, cprs, pseudonyms: [...pseudonyms.values()] };
}

/** The verified, unreversed, unconfirmed payments achieved at least three weeks before a payment run, as confirmations. */
export function paymentRun(state: ContractState, runOn: string): SyntheticLine[] {
  const due = [...state.ledger.values()].filter((e) => e.reversal === null && e.confirmation === null && e.achievedOn <= shiftDays(runOn, -21));
  return due.map((e, i) => ({
    commandId: `payment:${runOn}:${i}`,
    type: 'ConfirmPayment',
    data: { paymentId: e.paymentId, reference: `UDB-${runOn}-${i}`, confirmedOn: runOn },
  }));
}

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same contract recorded in memory through the domain (decide, then evolve). */
export function syntheticHarness(options: { seed: number; citizens: number; weeks: number }): {
  harness: ContractHarness;
  cprs: string[];
  pseudonyms: string[];
} {
  const { weeks, cprs, pseudonyms } = syntheticWeeks(options);
  const harness = new ContractHarness('2019-09-01T12:00:00Z');
  harness.run(cmd.register());
  harness.run(cmd.activate());
  const run = (line: SyntheticLine) => {
    const data = line.type === 'ReferParticipant' ? withPseudonym(line.data) : line.data;
    try {
      harness.run({ type: line.type, data } as ContractCommand);
    } catch (error) {
      // A line the rules refuse (as an import would report it) records nothing.
      if (!isDomainError(error)) throw error;
    }
  };
  for (const week of weeks) {
    for (const line of week.commissioner.filter((l) => l.type === 'ReferParticipant')) run(line);
    for (const line of week.provider) run(line);
    for (const line of week.commissioner.filter((l) => l.type !== 'ReferParticipant')) run(line);
    if (week.plan.paymentRun !== null) for (const line of paymentRun(harness.state, week.plan.paymentRun)) run(line);
  }
  return { harness, cprs, pseudonyms };
}

function withPseudonym(data: Record<string, unknown>): Record<string, unknown> {
  const { cpr, ...rest } = data;
  return { participantId: pseudonymise(String(cpr), KEY), ...rest };
}
