import { type ContractCommand, type ContractDefinition, contractWindow, decide, evaluateParticipant, replay } from '#domain';
import { cmd, ContractHarness } from '#domain/testing/contract.harness.js';
import { timeCalls } from './measure.js';
import type { BenchModule, BenchResult, TimingRow } from './bench-module.js';
import { benchContract, commandOf, ENROLLED_ON, type FactPlan, type FactSpec, participantFacts, REFERRED_ON } from './facts.js';

export const FACTS = 1000;
const PARTICIPANT = `p_${'0123456789abcdef'.repeat(2)}`;

/**
 * A participant with a long, dense history: short placements (5 weeks, a week between) with
 * weekly payslips, and the benefit register's record of every week; between placements benefit
 * is paid, except in the 7th to 10th gaps (so 29 benefit-free weeks in a row happen, once). 13 facts
 * per 6 weeks, so 1,000 facts take about 9 years: the §4 contract's period is lengthened to 2027.
 */
const DENSE_PLAN: FactPlan = {
  firstMonday: ENROLLED_ON,
  placementWeeks: 5,
  gapWeeks: 1,
  evidenceWeeks: 1,
  benefitPaidBetween: (cycle) => cycle < 6 || cycle >= 10,
};
const PERIOD_END = '2027-12-31';

/**
 * Re-verification of one participant with 1,000 facts: `evaluateParticipant` (every outcome rule
 * over all of the participant's facts: what re-verifying them means) and `decide` of one new fact
 * for them (which re-verifies the participant with the fact added and derives what changes).
 * The facts are recorded through the domain itself (ContractHarness: decide, then evolve), so the
 * state is the one the service would hold.
 */
export const reverifyBench: BenchModule = {
  name: 're-verification',
  async run({ log, settings }): Promise<BenchResult[]> {
    log(`recording ${FACTS} facts for one participant (in memory)`);
    const harness = new ContractHarness('2019-01-01T12:00:00Z');
    harness.run(cmd.register(benchContract('bench-reverify', PERIOD_END)));
    harness.run(cmd.activate('2018-09-01'));
    harness.run(cmd.refer(PARTICIPANT, REFERRED_ON));
    harness.run(cmd.enrol(PARTICIPANT, ENROLLED_ON));
    const script = participantFacts(DENSE_PLAN);
    let recorded = 1; // the enrolment
    let outcomes = 0;
    while (recorded < FACTS) {
      const events = harness.run(commandOf(PARTICIPANT, script.next().value as FactSpec) as ContractCommand);
      recorded++;
      outcomes += events.filter((e) => e.type.startsWith('Outcome')).length;
    }
    const state = harness.state;
    const definition = state.definition as ContractDefinition;
    const facts = state.participants.get(PARTICIPANT)!.facts;
    const held = 1 + [...facts.placements.values()].reduce((sum, p) => sum + p.positions.length, 0) + facts.payrollEvidence.size + facts.benefitWeeks.size;
    if (held !== FACTS) throw new Error(`the participant holds ${held} facts, not ${FACTS}`);
    const window = contractWindow(definition, state.termination);
    const achievements = evaluateParticipant(definition, facts, window);
    const shape = `${facts.placements.size} placements, ${facts.payrollEvidence.size} payroll evidence, ${facts.benefitWeeks.size} benefit weeks, 1 enrolment; ${achievements.length} occurrences achieved, ${outcomes} outcome events on the way`;

    const warmupMs = Math.max(300, settings.warmupMs);
    const measureMs = Math.max(1000, settings.measureMs * 0.3);
    const rows: TimingRow[] = [];

    log('timing evaluateParticipant');
    rows.push({
      kind: 'timing',
      operation: `re-verify a participant with ${FACTS.toLocaleString('en-US')} facts (evaluateParticipant)`,
      samplesMs: timeCalls(() => evaluateParticipant(definition, facts, window), warmupMs, measureMs),
      per: { count: FACTS, unit: 'fact' },
      targetMsPerUnit: 1,
      notes: [shape],
    });

    // The next fact of the history (a benefit week: the most frequent fact) and a register
    // correction of a week inside the first 26 benefit-free weeks in a row (reverses SELF_SUPPORT_26W).
    let nextWeek: FactSpec | undefined;
    while (nextWeek?.type !== 'RecordBenefitWeek') nextWeek = script.next().value as FactSpec;
    const selfSupport = achievements.find((a) => a.outcomeCode === 'SELF_SUPPORT_26W');
    const streak = [...facts.benefitWeeks.values()].filter((w) => selfSupport?.provenance.includes(w.position));
    if (streak.length === 0) throw new Error('the participant achieved no SELF_SUPPORT_26W: the plan needs a longer benefit-free stretch');
    const correction: ContractCommand = cmd.week(PARTICIPANT, streak[Math.floor(streak.length / 2)].week, true, 'DREAM correction');
    const now = '2019-01-01T12:00:00Z';
    for (const [label, command] of [
      ['the next benefit week', commandOf(PARTICIPANT, nextWeek) as ContractCommand],
      ['a register correction that reverses SELF_SUPPORT_26W', correction],
    ] as const) {
      const decided = decide({ command, state, now });
      log(`timing decide: ${label}`);
      rows.push({
        kind: 'timing',
        operation: `decide one new fact for that participant: ${label}`,
        samplesMs: timeCalls(() => decide({ command, state, now }), warmupMs, measureMs),
        per: { count: FACTS, unit: 'fact' },
        targetMsPerUnit: 1,
        notes: [`records ${decided.map((e) => e.type).join(', ')}`],
      });
    }

    log('timing replay');
    rows.push({
      kind: 'timing',
      operation: `replay the contract's ${harness.events.length} events into a fresh state (evolve)`,
      samplesMs: timeCalls(() => replay(harness.events), warmupMs, measureMs),
      per: { count: harness.events.length, unit: 'event' },
    });
    return rows;
  },
};
