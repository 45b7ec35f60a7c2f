import type { ContractCaps, TerminationTerms } from '../contract/contract-definition.js';
import { cmd, ContractHarness } from './contract.harness.js';

/**
 * A small contract for settlement tests, with figures easy to follow by hand: a placement start
 * (1000), two weeks of employment (3001, twice) and four benefit-free weeks in a row (6000);
 * expectedValue over a 4-week horizon, stages at 0, 7 and 10 days, estimated rates from 2 units.
 */
export function smallSettlementContract(options: { caps?: ContractCaps; termination?: TerminationTerms } = {}): Record<string, unknown> {
  return {
    contractId: 'small-contract',
    title: 'Small',
    currency: 'DKK',
    parties: { commissioner: 'c', investor: 'i', provider: 'p' },
    period: { start: '2019-01-01', end: '2020-12-31' },
    targetParticipants: 4,
    outcomes: [
      { code: 'START', trigger: { type: 'placementStart', minHoursPerWeek: 16 }, price: 1000, maxPerParticipant: 1 },
      { code: 'SUST', trigger: { type: 'employmentSustained', weeks: 2, minHoursPerWeek: 16, continuous: false }, price: 3001, maxPerParticipant: 2 },
      { code: 'FREE', trigger: { type: 'benefitFreeWeeks', weeks: 4, consecutive: true }, price: 6000, maxPerParticipant: 1 },
    ],
    ...(options.caps !== undefined ? { caps: options.caps } : {}),
    termination: options.termination ?? {
      method: 'expectedValue',
      horizonWeeks: 4,
      rates: 'estimated',
      minSample: 2,
      fallbackRate: '1/4',
      stageDays: [0, 7, 10],
    },
  };
}

/**
 * Four participants, recorded up to T = 2019-03-31 (a Sunday), nothing dated after it:
 * - P1, enrolled 2019-01-07: placement A from Jan 7 with payroll evidence Jan 7..27 (21 days):
 *   START on Jan 7, SUST #1 on Jan 20 (14th day), 7 days towards #2; W02..W05 not paid: FREE on Feb 3.
 * - P2, enrolled 2019-02-04: placement B from Feb 11, evidence Feb 11..20 (10 days): START on Feb 11.
 * - P3, enrolled 2019-01-07, withdrawn 2019-02-15, nothing else.
 * - P4, enrolled 2019-03-18, nothing else.
 */
export function smallSettlementScenario(options: Parameters<typeof smallSettlementContract>[0] = {}): ContractHarness {
  const h = new ContractHarness('2019-04-01T10:00:00Z');
  h.run(cmd.register(smallSettlementContract(options)));
  h.run(cmd.activate('2019-01-01'));
  for (const [id, enrolledOn] of [
    ['P1', '2019-01-07'],
    ['P2', '2019-02-04'],
    ['P3', '2019-01-07'],
    ['P4', '2019-03-18'],
  ] as const) {
    h.run(cmd.refer(id, '2019-01-02'));
    h.run(cmd.enrol(id, enrolledOn));
  }
  h.run(cmd.start('P1', 'A', '2019-01-07'));
  h.run(cmd.evidence('P1', 'A', 'EA', '2019-01-07', '2019-01-27'));
  for (const week of ['2019-W02', '2019-W03', '2019-W04', '2019-W05']) h.run(cmd.week('P1', week, false));
  h.run(cmd.start('P2', 'B', '2019-02-11'));
  h.run(cmd.evidence('P2', 'B', 'EB', '2019-02-11', '2019-02-20'));
  h.run(cmd.withdraw('P3', '2019-02-15'));
  return h;
}
