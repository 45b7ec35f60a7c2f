import { computeSettlement, type Settlement, whatIfSettlement } from '#domain';
import { cmd, ContractHarness } from '#domain/testing/contract.harness.js';
import { timeCalls } from './measure.js';
import type { BenchModule, BenchResult } from './bench-module.js';
import { benchContract } from './facts.js';
import { SETTLEMENT_PARTICIPANTS as PARTICIPANTS, SETTLEMENT_TERMINATED_ON as TERMINATED_ON, settlementHistory } from './settlement-history.js';

const NOW = '2020-01-15T12:00:00Z';

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
    const { commands, facts } = settlementHistory();
    for (const command of commands) h.run(command);
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
