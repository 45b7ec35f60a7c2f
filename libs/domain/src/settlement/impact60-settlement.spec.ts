import { cmd, ContractHarness, weekRange } from '../testing/contract.harness.js';
import { computeSettlement } from './compute-settlement.js';
import { whatIfSettlement } from '../decider/contract.what-if.js';

/**
 * A worked settlement on the §4 contract (IMPACT60), terminated effective 2020-06-30 under
 * expectedValue (horizon 52 weeks = 364 days, stages 0/30/60, minSample 10, fallback 1/4):
 * - P1: the §5 worked example, rows 1 to 6 (JOB_START, JOB_13W #1 and #2 at 0, SELF_SUPPORT_26W
 *   reversed and verified anew on 2019-11-17): 11,000,000 committed, nothing left to earn.
 * - P2, enrolled 2020-01-06: placement from 2020-02-03 with payroll evidence to 2020-06-30
 *   (149 days): JOB_START on 2020-02-03, JOB_13W #1 on its 91st day, 2020-05-03, then 58 days
 *   towards #2 (stage 30); 2020-W06..W26 not paid: 21 weeks in a row on T, 147 days (stage 60).
 * - P3, enrolled 2020-03-02, nothing yet: every outcome at stage 0.
 * - P4, enrolled 2019-03-04 and withdrawn 2019-09-30 with nothing achieved: a failure in the sample.
 * - Q01..Q10, enrolled 2019-02-04 and withdrawn 2019-12-31 (no lines, but in the sample): Q01..Q06
 *   started a placement on 2019-03-04 with a week of payroll evidence (JOB_START, 28 days in).
 * The payment service confirmed P1's JOB_START and its first SELF_SUPPORT_26W (reversed since).
 */
function impact60(): ContractHarness {
  const h = new ContractHarness('2020-07-01T08:00:00Z');
  h.run(cmd.register());
  h.run(cmd.activate());
  for (const [id, referredOn, enrolledOn] of [
    ['P1', '2018-12-01', '2019-01-07'],
    ['P2', '2019-12-02', '2020-01-06'],
    ['P3', '2020-02-03', '2020-03-02'],
    ['P4', '2019-02-04', '2019-03-04'],
  ] as const) {
    h.run(cmd.refer(id, referredOn));
    h.run(cmd.enrol(id, enrolledOn));
  }
  h.run(cmd.start('P1', 'A', '2019-02-04', 20));
  h.run(cmd.end('P1', 'A', '2019-03-10'));
  h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
  h.run(cmd.start('P1', 'B', '2019-04-01', 30));
  h.run(cmd.evidence('P1', 'B', 'EB1', '2019-04-01', '2019-06-30'));
  for (const week of weekRange(2019, 6, 31)) h.run(cmd.week('P1', week, false));
  h.run(cmd.evidence('P1', 'B', 'EB2', '2019-07-01', '2019-08-25'));
  h.run(cmd.confirm('aalborg-impact60:P1:JOB_START:1:1', 'pay-1', '2019-03-01'));
  h.run(cmd.confirm('aalborg-impact60:P1:SELF_SUPPORT_26W:1:1', 'pay-2', '2019-08-15'));
  h.run(cmd.week('P1', '2019-W20', true, 'DREAM correction'));
  for (const week of weekRange(2019, 32, 46)) h.run(cmd.week('P1', week, false));

  h.run(cmd.start('P2', 'C', '2020-02-03', 37));
  h.run(cmd.evidence('P2', 'C', 'EC', '2020-02-03', '2020-06-30'));
  for (const week of weekRange(2020, 6, 26)) h.run(cmd.week('P2', week, false));
  h.run(cmd.withdraw('P4', '2019-09-30'));
  for (let n = 1; n <= 10; n++) {
    const id = `Q${String(n).padStart(2, '0')}`;
    h.run(cmd.refer(id, '2019-01-07'));
    h.run(cmd.enrol(id, '2019-02-04'));
    if (n <= 6) {
      h.run(cmd.start(id, 'D', '2019-03-04', 30));
      h.run(cmd.evidence(id, 'D', 'ED', '2019-03-04', '2019-03-10'));
    }
    h.run(cmd.withdraw(id, '2019-12-31'));
  }
  return h;
}

const fallback = (outcomeCode: string, stage: number, sampleSize: number) => ({ outcomeCode, stage, rate: '1/4', sampleSize, source: 'fallback' });
const estimated = (outcomeCode: string, stage: number, rate: string, sampleSize: number) => ({ outcomeCode, stage, rate, sampleSize, source: 'estimated' });

describe('a settlement on the IMPACT60 contract, terminated effective 2020-06-30', () => {
  const h = impact60();
  const whatIf = whatIfSettlement(h.state, { terminatedOn: '2020-06-30', now: '2020-07-01T08:00:00Z' });
  h.run(cmd.terminate('2020-06-30'));
  const settlement = computeSettlement(h.state, { now: '2020-07-01T08:00:00Z' });

  it('is provisional until 2020-09-01 (T + 9 weeks)', () => {
    expect(settlement).toMatchObject({
      contractId: 'aalborg-impact60',
      terminatedOn: '2020-06-30',
      method: 'expectedValue',
      status: 'provisional',
      finalOn: '2020-09-01',
    });
    expect(computeSettlement(h.state, { now: '2020-09-01T21:00:00Z' }).status).toBe('provisional');
    expect(computeSettlement(h.state, { now: '2020-09-01T22:00:00Z' }).status).toBe('final');
  });

  it('estimates the rates at stage 0 from the history, and falls back to 1/4 where fewer than 10 units count', () => {
    // JOB_START 0: achieved within 364 days P1 (28 days), P2 (28), Q01..Q06 (28); failed P4 and
    // Q07..Q10 (more than 364 days since enrolment); P3 is only 120 days in: 8 of 13.
    // JOB_13W 0: achieved P1 #1 and #2 (r = #1's day), P2 #1; failed P4, Q01..Q10; P2 #2 and P3 too recent: 3 of 14.
    // JOB_13W 30: P1 #1 (2019-03-05) and #2 (2019-06-25), P2 #1 (2020-03-03); 60 likewise: 3 units.
    // SELF_SUPPORT_26W 0: achieved P1; failed P4, Q01..Q10: 1 of 12. 30 and 60: P1 only (P2 reached
    // them 114 and 86 days before T).
    expect(settlement.rates).toEqual([
      estimated('JOB_START', 0, '8/13', 13),
      estimated('JOB_13W', 0, '3/14', 14),
      fallback('JOB_13W', 30, 3),
      fallback('JOB_13W', 60, 3),
      estimated('SELF_SUPPORT_26W', 0, '1/12', 12),
      fallback('SELF_SUPPORT_26W', 30, 1),
      fallback('SELF_SUPPORT_26W', 60, 1),
    ]);
  });

  it('has a line for each next occurrence of P2 and P3 (the others are done or withdrawn), at the rate of its stage', () => {
    expect(settlement.lines).toEqual([
      { participantId: 'P2', outcomeCode: 'JOB_13W', occurrence: 2, stage: 30, progress: 58, rate: '1/4', sampleSize: 3, amount: 750000, cutBy: null },
      {
        participantId: 'P2',
        outcomeCode: 'SELF_SUPPORT_26W',
        occurrence: 1,
        stage: 60,
        progress: 147,
        rate: '1/4',
        sampleSize: 1,
        amount: 1500000,
        cutBy: null,
      },
      // 2,000,000 * 8/13 = 1,230,769.23; 3,000,000 * 3/14 = 642,857.14; 6,000,000 / 12 = 500,000.
      { participantId: 'P3', outcomeCode: 'JOB_START', occurrence: 1, stage: 0, progress: 0, rate: '8/13', sampleSize: 13, amount: 1230769, cutBy: null },
      { participantId: 'P3', outcomeCode: 'JOB_13W', occurrence: 1, stage: 0, progress: 0, rate: '3/14', sampleSize: 14, amount: 642857, cutBy: null },
      { participantId: 'P3', outcomeCode: 'SELF_SUPPORT_26W', occurrence: 1, stage: 0, progress: 0, rate: '1/12', sampleSize: 12, amount: 500000, cutBy: null },
    ]);
  });

  it('settles 28,000,000 achieved (P1 11,000,000, P2 5,000,000, Q01..Q06 2,000,000 each) less 8,000,000 paid plus the lines', () => {
    const future = 750000 + 1500000 + 1230769 + 642857 + 500000;
    expect([settlement.achieved, settlement.confirmed, settlement.future, settlement.due]).toEqual([28000000, 8000000, future, 20000000 + future]);
  });

  it('is what a what-if showed just before the termination was recorded', () => {
    expect({ ...whatIf, computedAtVersion: settlement.computedAtVersion }).toEqual(settlement);
  });
});
