import { addDays, computeSettlement, type ContractCommand, type Settlement, whatIfSettlement } from '../libs/domain/src/index.js';
import { cmd, ContractHarness } from '../libs/domain/src/testing/contract.harness.js';
import { timeCalls } from './measure.js';
import type { BenchModule, BenchResult } from './bench-module.js';
import { benchContract, commandOf, type FactPlan, type FactSpec, participantFacts } from './facts.js';

const PARTICIPANTS = 300;
const TERMINATED_ON = '2019-12-30';
const NOW = '2020-01-15T12:00:00Z';

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
 * The §7 settlement of a contract with 300 participants and a year of facts each, under the §4
 * definition (expectedValue, estimated rates), in-process: computeSettlement of the terminated
 * contract, and whatIfSettlement of the same history before the termination (which also decides
 * the termination on a copy of the state).
 */
export const settlementBench: BenchModule = {
  name: 'settlement',
  async run({ log, settings }): Promise<BenchResult[]> {
    log(`recording a year of facts for ${PARTICIPANTS} participants (in memory)`);
    const h = new ContractHarness('2019-01-01T12:00:00Z');
    h.run(cmd.register(benchContract('bench-settlement')));
    h.run(cmd.activate('2018-09-01'));
    const scripts = Array.from({ length: PARTICIPANTS }, (_, n) => {
      const id = `p_${n.toString(16).padStart(32, '0')}`;
      const { enrolledOn, plan, withdrawnOn } = planOf(n);
      h.run(cmd.refer(id, addDays(enrolledOn, -7)));
      h.run(cmd.enrol(id, enrolledOn));
      const history = [...participantFacts(plan)];
      // Every 4th is never placed: only the register's weeks, benefit paid.
      const facts = n % 4 === 3
        ? history.flatMap((f): FactSpec[] => (f.type === 'RecordBenefitWeek' ? [{ ...f, data: { ...f.data, benefitPaid: true } }] : []))
        : history;
      return { id, facts, withdrawnOn };
    });
    let facts = 0;
    // Week by week across the cohort, as facts arrive.
    for (let i = 0; scripts.some((s) => i < s.facts.length); i++) {
      for (const s of scripts) {
        if (i >= s.facts.length) continue;
        h.run(commandOf(s.id, s.facts[i]) as ContractCommand);
        facts++;
      }
    }
    for (const s of scripts) if (s.withdrawnOn !== undefined) h.run(cmd.withdraw(s.id, s.withdrawnOn));
    const before = h.state;
    const whatIf = whatIfSettlement(before, { terminatedOn: TERMINATED_ON, now: NOW });
    const terminated = new ContractHarness(NOW);
    terminated.append(h.events);
    terminated.run(cmd.terminate(TERMINATED_ON));
    const settlement: Settlement = computeSettlement(terminated.state, { now: NOW });
    const shape =
      `${facts.toLocaleString('en-US')} facts, ${h.events.length.toLocaleString('en-US')} events; ${settlement.lines.length} lines, ` +
      `rates ${settlement.rates.map((r) => `${r.outcomeCode}/${r.stage} ${r.rate}`).join(', ')}`;
    if (whatIf.future !== settlement.future) throw new Error('the what-if and the settlement differ');

    const warmupMs = Math.max(300, settings.warmupMs);
    const measureMs = Math.max(1000, settings.measureMs * 0.3);
    log('timing computeSettlement');
    const rows: BenchResult[] = [
      {
        kind: 'timing',
        operation: `settle a terminated contract of ${PARTICIPANTS} participants with a year of facts each (computeSettlement)`,
        samplesMs: timeCalls(() => computeSettlement(terminated.state, { now: NOW }), warmupMs, measureMs),
        targetMsPerUnit: 1000,
        notes: [shape],
      },
    ];
    log('timing whatIfSettlement');
    rows.push({
      kind: 'timing',
      operation: `what-if settlement of that contract before its termination (whatIfSettlement: copy, decide the termination, settle)`,
      samplesMs: timeCalls(() => whatIfSettlement(before, { terminatedOn: TERMINATED_ON, now: NOW }), warmupMs, measureMs),
      targetMsPerUnit: 1000,
    });
    return rows;
  },
};
