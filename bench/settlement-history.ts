import { addDays, type ContractCommand } from '#domain';
import { cmd } from '#domain/testing/contract.harness.js';
import { commandOf, type FactPlan, type FactSpec, participantFacts } from './facts.js';

/** The settlement benchmarks' contract: this many participants with a year of facts each, terminated on this day. */
export const SETTLEMENT_PARTICIPANTS = 300;
export const SETTLEMENT_TERMINATED_ON = '2019-12-30';

/**
 * Participant n's year: enrolled on one of 20 Mondays from 2018-10-01, placements of 8 to 30 weeks
 * with 2 to 6 weeks between, 4-weekly payslips, the benefit register's weekly record with a
 * correction now and then; every 7th drops out after half a year, every 4th is never placed.
 */
function planOf(n: number): { enrolledOn: string; plan: FactPlan; withdrawnOn?: string } {
  const enrolledOn = addDays('2018-10-01', 7 * (n % 20));
  return {
    enrolledOn,
    plan: {
      firstMonday: enrolledOn,
      placementWeeks: 8 + (n % 23),
      gapWeeks: 2 + (n % 5),
      evidenceWeeks: 4,
      benefitPaidBetween: (cycle) => (n + cycle) % 3 !== 0,
      until: addDays(enrolledOn, 7 * 51),
      correctionEvery: 17 + (n % 11),
      correctionLag: 6,
    },
    ...(n % 7 === 0 ? { withdrawnOn: addDays(enrolledOn, 7 * 26 + 3) } : {}),
  };
}

/**
 * The commands of that contract's participants after its registration and activation, in the
 * order they are recorded: referrals and enrolments, then the facts week by week across the
 * cohort, then the withdrawals. `facts` counts the participant facts among them.
 */
export function settlementHistory(): { commands: ContractCommand[]; facts: number } {
  const commands: ContractCommand[] = [];
  const scripts = Array.from({ length: SETTLEMENT_PARTICIPANTS }, (_, n) => {
    const id = `p_${n.toString(16).padStart(32, '0')}`;
    const { enrolledOn, plan, withdrawnOn } = planOf(n);
    commands.push(cmd.refer(id, addDays(enrolledOn, -7)), cmd.enrol(id, enrolledOn));
    const history = [...participantFacts(plan)];
    // Every 4th is never placed: only the register's weeks, benefit paid.
    const facts =
      n % 4 === 3 ? history.flatMap((f): FactSpec[] => (f.type === 'RecordBenefitWeek' ? [{ ...f, data: { ...f.data, benefitPaid: true } }] : [])) : history;
    return { id, facts, withdrawnOn };
  });
  let facts = 0;
  for (let i = 0; scripts.some((s) => i < s.facts.length); i++) {
    for (const s of scripts) {
      if (i >= s.facts.length) continue;
      commands.push(commandOf(s.id, s.facts[i]) as ContractCommand);
      facts++;
    }
  }
  for (const s of scripts) if (s.withdrawnOn !== undefined) commands.push(cmd.withdraw(s.id, s.withdrawnOn));
  return { commands, facts };
}
