import { DomainError } from '../shared/domain.error.js';
import { cmd, ContractHarness } from '../testing/contract.harness.js';
import { smallSettlementScenario } from '../testing/settlement.scenario.js';
import { computeSettlement } from './compute-settlement.js';
import type { Settlement } from './settlement.js';

const NOW = '2019-04-01T10:00:00Z';
const T = '2019-03-31';

function settle(h: ContractHarness, now = NOW): Settlement {
  return computeSettlement(h.state, { now });
}

function refusal(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const line = (
  participantId: string,
  outcomeCode: string,
  occurrence: number,
  stage: number,
  progress: number,
  rate: string,
  sampleSize: number | null,
  amount: number,
  cutBy: string | null = null,
) => ({ participantId, outcomeCode, occurrence, stage, progress, rate, sampleSize, amount, cutBy });

/*
 * Estimated rates of the small scenario by hand (days from 2019-01-01: P1 and P3 enrolled on day 6,
 * P2 on 34, P4 on 76, T = 89; horizon 28 days; a unit counts when achieved within 28 days of r, or
 * when T - r >= 28).
 * START, stage 0: P1 r 6, achieved 6 (yes); P2 r 34, achieved 41 (yes); P3 r 6, never, 83 >= 28
 *   (counted); P4 r 76, 13 < 28 (not counted): 2/3.
 * SUST, stage 0: P1 #1 r 6, achieved 19 (yes); P1 #2 r 19, never, 70 (counted); P2 #1 r 34, never,
 *   55 (counted); P3 #1 r 6 (counted); P4 not counted: 1/4.
 * SUST, stage 7: P1 #1 7th day Jan 13 (12), achieved 19 (yes); P1 #2 21st day Jan 27 (26), never,
 *   63 (counted); P2 #1 7th day Feb 17 (47), never, 42 (counted): 1/3.
 * SUST, stage 10: P1 #1 10th day Jan 16 (15), achieved 19 (yes); P1 #2 would need a 24th day; P2 #1
 *   10th day Feb 20 (50), never, 39 (counted): 1/2, exactly minSample.
 * FREE, stage 0: P1 r 6, achieved Feb 3 (33): 27 days (yes); P2 r 34 (counted); P3 r 6 (counted): 1/3.
 * FREE, stages 7 and 10: only P1 (W02's Sunday Jan 13, W03's Jan 20), achieved: 1 unit < 2, fallback.
 */
const ESTIMATED_RATES = [
  { outcomeCode: 'START', stage: 0, rate: '2/3', sampleSize: 3, source: 'estimated' },
  { outcomeCode: 'SUST', stage: 0, rate: '1/4', sampleSize: 4, source: 'estimated' },
  { outcomeCode: 'SUST', stage: 7, rate: '1/3', sampleSize: 3, source: 'estimated' },
  { outcomeCode: 'SUST', stage: 10, rate: '1/2', sampleSize: 2, source: 'estimated' },
  { outcomeCode: 'FREE', stage: 0, rate: '1/3', sampleSize: 3, source: 'estimated' },
  { outcomeCode: 'FREE', stage: 7, rate: '1/4', sampleSize: 1, source: 'fallback' },
  { outcomeCode: 'FREE', stage: 10, rate: '1/4', sampleSize: 1, source: 'fallback' },
];

describe('computeSettlement: expectedValue', () => {
  it('values the next occurrence of each outcome of each participant active at T, at the estimated rate of its stage', () => {
    const h = smallSettlementScenario();
    h.run(cmd.terminate(T));
    const settlement = settle(h);
    expect(settlement.rates).toEqual(ESTIMATED_RATES);
    expect(settlement.lines).toEqual([
      line('P1', 'SUST', 2, 7, 7, '1/3', 3, 1000), // 3001 / 3 = 1000.33
      line('P2', 'SUST', 1, 10, 10, '1/2', 2, 1501), // 1500.5, half up
      line('P2', 'FREE', 1, 0, 0, '1/3', 3, 2000),
      line('P4', 'START', 1, 0, 0, '2/3', 3, 667), // 666.67
      line('P4', 'SUST', 1, 0, 0, '1/4', 4, 750), // 750.25
      line('P4', 'FREE', 1, 0, 0, '1/3', 3, 2000),
    ]);
    // P3 was withdrawn before T: no lines. P1 has its START and FREE, P2 its START.
    expect(settlement).toMatchObject({
      contractId: 'small-contract',
      terminatedOn: T,
      method: 'expectedValue',
      status: 'provisional',
      computedAtVersion: h.state.version,
      finalOn: '2019-06-02',
      achieved: 1000 + 3001 + 6000 + 1000,
      confirmed: 0,
      future: 1000 + 1501 + 2000 + 667 + 750 + 2000,
      due: 11001 + 7918,
    });
  });

  it('takes an agreed table as written, and the fallback rate for a stage the table leaves out', () => {
    const h = smallSettlementScenario({
      termination: {
        method: 'expectedValue',
        horizonWeeks: 4,
        rates: { START: { '0': '1/2' }, SUST: { '0': '1/5', '10': '3/4' }, FREE: { '0': '4/10' } },
        minSample: 2,
        fallbackRate: '1/4',
        stageDays: [0, 7, 10],
      },
    });
    h.run(cmd.terminate(T));
    const settlement = settle(h);
    expect(settlement.rates).toEqual([
      { outcomeCode: 'START', stage: 0, rate: '1/2', sampleSize: null, source: 'agreed' },
      { outcomeCode: 'SUST', stage: 0, rate: '1/5', sampleSize: null, source: 'agreed' },
      { outcomeCode: 'SUST', stage: 7, rate: '1/4', sampleSize: null, source: 'fallback' },
      { outcomeCode: 'SUST', stage: 10, rate: '3/4', sampleSize: null, source: 'agreed' },
      { outcomeCode: 'FREE', stage: 0, rate: '4/10', sampleSize: null, source: 'agreed' },
      { outcomeCode: 'FREE', stage: 7, rate: '1/4', sampleSize: null, source: 'fallback' },
      { outcomeCode: 'FREE', stage: 10, rate: '1/4', sampleSize: null, source: 'fallback' },
    ]);
    expect(settlement.lines.map((l) => [l.participantId, l.outcomeCode, l.rate, l.sampleSize, l.amount])).toEqual([
      ['P1', 'SUST', '1/4', null, 750], // 750.25
      ['P2', 'SUST', '3/4', null, 2251], // 2250.75
      ['P2', 'FREE', '4/10', null, 2400],
      ['P4', 'START', '1/2', null, 500],
      ['P4', 'SUST', '1/5', null, 600], // 600.2
      ['P4', 'FREE', '4/10', null, 2400],
    ]);
    expect(settlement.future).toBe(750 + 2251 + 2400 + 500 + 600 + 2400);
  });

  it('keeps a zero rate as a line of 0', () => {
    const h = smallSettlementScenario({
      termination: { method: 'expectedValue', horizonWeeks: 4, rates: {}, minSample: 2, fallbackRate: '0/1', stageDays: [0, 7, 10] },
    });
    h.run(cmd.terminate(T));
    const settlement = settle(h);
    expect(settlement.lines).toHaveLength(6);
    expect(settlement.lines.every((l) => l.amount === 0 && l.rate === '0/1')).toBe(true);
    expect(settlement.due).toBe(11001);
  });

  it('cuts lines to the participant cap headroom in definition order', () => {
    // Every line at its price (rate 1/1); per participant at most 6000.
    const h = smallSettlementScenario({
      caps: { perParticipant: 6000 },
      termination: { method: 'expectedValue', horizonWeeks: 4, rates: {}, minSample: 2, fallbackRate: '1/1', stageDays: [0, 7, 10] },
    });
    h.run(cmd.terminate(T));
    // P1 verified START 1000, SUST #1 3001 and FREE at the 1999 left: committed 6000, headroom 0.
    expect(h.state.participants.get('P1')!.totals.committed).toBe(6000);
    const settlement = settle(h);
    expect(settlement.lines.map((l) => [l.participantId, l.outcomeCode, l.amount, l.cutBy])).toEqual([
      ['P1', 'SUST', 0, 'participant-cap'],
      // P2 committed 1000: 5000 left, SUST takes 3001, FREE the 1999 that remain.
      ['P2', 'SUST', 3001, null],
      ['P2', 'FREE', 1999, 'participant-cap'],
      // P4 committed nothing: START 1000, SUST 3001, FREE the 1999 left of 6000.
      ['P4', 'START', 1000, null],
      ['P4', 'SUST', 3001, null],
      ['P4', 'FREE', 1999, 'participant-cap'],
    ]);
    expect(settlement.achieved).toBe(6000 + 1000);
    expect(settlement.future).toBe(0 + 3001 + 1999 + 1000 + 3001 + 1999);
  });

  it('scales the lines down to the contract headroom exactly, largest remainders first, the earlier line on a tie', () => {
    // Committed 11001; a total cap of 12701 leaves 1700 for lines of 7918 (the first test's).
    const h = smallSettlementScenario({ caps: { total: 12701 } });
    h.run(cmd.terminate(T));
    const settlement = settle(h);
    // amount * 1700 / 7918: 1000 -> 214 r 5548, 1501 -> 322 r 2104, 2000 -> 429 r 3178, 667 -> 143 r 1626,
    // 750 -> 161 r 202, 2000 -> 429 r 3178. Floors sum to 1698: one unit to r 5548, one to the first r 3178.
    expect(settlement.lines.map((l) => [l.participantId, l.outcomeCode, l.amount, l.cutBy])).toEqual([
      ['P1', 'SUST', 215, 'contract-cap'],
      ['P2', 'SUST', 322, 'contract-cap'],
      ['P2', 'FREE', 430, 'contract-cap'],
      ['P4', 'START', 143, 'contract-cap'],
      ['P4', 'SUST', 161, 'contract-cap'],
      ['P4', 'FREE', 429, 'contract-cap'],
    ]);
    expect(settlement.future).toBe(1700);
    expect(settlement.achieved + settlement.future).toBe(12701);
  });

  it('names the participant cap on a line both caps reduced, and the contract cap on one only it reduced', () => {
    // P1's headroom 11000 - 10001 = 999 cuts its SUST line from 1000; then 7917 of lines meet 1700 of headroom.
    const h = smallSettlementScenario({ caps: { perParticipant: 11000, total: 12701 } });
    h.run(cmd.terminate(T));
    const settlement = settle(h);
    // amount * 1700 / 7917: 999 -> 214 r 4062, 1501 -> 322 r 2426, 2000 -> 429 r 3607, 667 -> 143 r 1769,
    // 750 -> 161 r 363, 2000 -> 429 r 3607. Floors sum to 1698: r 4062 and the first r 3607 get one more.
    expect(settlement.lines.map((l) => [l.participantId, l.outcomeCode, l.amount, l.cutBy])).toEqual([
      ['P1', 'SUST', 215, 'participant-cap'],
      ['P2', 'SUST', 322, 'contract-cap'],
      ['P2', 'FREE', 430, 'contract-cap'],
      ['P4', 'START', 143, 'contract-cap'],
      ['P4', 'SUST', 161, 'contract-cap'],
      ['P4', 'FREE', 429, 'contract-cap'],
    ]);
    expect(settlement.future).toBe(1700);
  });

  it('leaves the lines alone when they fit the contract headroom', () => {
    const h = smallSettlementScenario({ caps: { perParticipant: 12000, total: 11001 + 7918 } });
    h.run(cmd.terminate(T));
    expect(settle(h).lines.map((l) => [l.amount, l.cutBy])).toEqual([
      [1000, null],
      [1501, null],
      [2000, null],
      [667, null],
      [750, null],
      [2000, null],
    ]);
  });

  it('counts only what was achieved by T: an occurrence after T is reversed by the termination, and its participant gets a line instead', () => {
    const h = smallSettlementScenario();
    // More evidence for P2 from Feb 21: SUST #1 on its 14th day (Feb 24), #2 on its 28th (Mar 10).
    h.run(cmd.evidence('P2', 'B', 'EB2', '2019-02-21', '2019-04-30'));
    expect(h.state.totals.committed).toBe(11001 + 3001 + 3001);
    h.run(cmd.terminate('2019-03-03'));
    const settlement = settle(h);
    // By Mar 3: P2 has 21 evidenced days, SUST #1 (Feb 24) and 7 days towards #2; #2 (Mar 10) was reversed.
    expect(settlement.achieved).toBe(11001 + 3001);
    const p2 = settlement.lines.filter((l) => l.participantId === 'P2').map((l) => [l.outcomeCode, l.occurrence, l.progress, l.stage]);
    expect(p2).toEqual([
      ['SUST', 2, 7, 7],
      ['FREE', 1, 0, 0],
    ]);
    // P4, enrolled on Mar 18, after T: not active, no lines.
    expect(settlement.lines.some((l) => l.participantId === 'P4')).toBe(false);
  });

  it('counts as achieved an occurrence verified with a date after T that a later fact moved before T (it still holds)', () => {
    const h = smallSettlementScenario();
    // P2: W08..W11 not paid, FREE #1 verified as achieved on Sunday Mar 17; then W07 arrives: the
    // fourth week of the streak is now W10 (Mar 10). The occurrence holds, so it keeps its identity and date.
    for (const week of ['2019-W08', '2019-W09', '2019-W10', '2019-W11', '2019-W07']) h.run(cmd.week('P2', week, false));
    expect(h.state.ledger.get('small-contract:P2:FREE:1:1')).toMatchObject({ achievedOn: '2019-03-17', reversal: null });
    const events = h.run(cmd.terminate('2019-03-12'));
    expect(events.map((e) => e.type)).toEqual(['ContractTerminated']);
    const settlement = settle(h);
    expect(settlement.achieved).toBe(11001 + 6000);
    expect(settlement.lines.some((l) => l.participantId === 'P2' && l.outcomeCode === 'FREE')).toBe(false);
  });

  it('is provisional through finalOn (T + 9 weeks, a Copenhagen date) and final after it', () => {
    const h = smallSettlementScenario();
    h.run(cmd.terminate(T));
    expect(settle(h, '2019-06-02T21:59:59Z').status).toBe('provisional'); // 23:59:59 in Copenhagen (summer time)
    expect(settle(h, '2019-06-02T22:00:00Z').status).toBe('final');
  });

  it('counts confirmed payments, reversed ones included, as money already paid', () => {
    const h = smallSettlementScenario();
    h.run(cmd.confirm('small-contract:P1:START:1:1', 'pay-1', '2019-02-01'));
    h.run(cmd.confirm('small-contract:P1:FREE:1:1', 'pay-2', '2019-02-10'));
    h.run(cmd.week('P1', '2019-W04', true)); // a register correction: FREE is reversed, its payment is to recover
    h.run(cmd.terminate(T));
    const settlement = settle(h);
    expect(settlement.achieved).toBe(1000 + 3001 + 1000);
    expect(settlement.confirmed).toBe(1000 + 6000);
    expect(settlement.due).toBe(settlement.achieved - 7000 + settlement.future);
    // P1 now has a FREE line: the streak W05 alone ended on Feb 3, long before T.
    expect(settlement.lines.find((l) => l.participantId === 'P1' && l.outcomeCode === 'FREE')).toMatchObject({ occurrence: 1, progress: 0, stage: 0 });
  });

  it('can owe money back: due is negative when more was paid than is due', () => {
    const h = smallSettlementScenario({
      termination: { method: 'expectedValue', horizonWeeks: 4, rates: {}, minSample: 2, fallbackRate: '0/1', stageDays: [0, 7, 10] },
    });
    h.run(cmd.confirm('small-contract:P1:FREE:1:1', 'pay-2', '2019-02-10'));
    h.run(cmd.week('P1', '2019-W04', true));
    h.run(cmd.terminate(T));
    const settlement = settle(h);
    expect([settlement.achieved, settlement.confirmed, settlement.future, settlement.due]).toEqual([5001, 6000, 0, -999]);
  });
});

describe('computeSettlement: tailPeriod', () => {
  it('has no rates and no lines: every verified amount inside the tail, less the confirmed payments', () => {
    const h = smallSettlementScenario();
    h.run(cmd.confirm('small-contract:P1:START:1:1', 'pay-1', '2019-02-01'));
    h.terminateOnTerms(T, { method: 'tailPeriod', tailWeeks: 4 });
    // The tail ends Apr 28. More evidence for P2: SUST #1 on its 14th day (Feb 24), #2 on its 28th (Mar 10), both inside.
    h.run(cmd.evidence('P2', 'B', 'EB2', '2019-02-21', '2019-05-31'));
    const settlement = settle(h, '2019-05-01T10:00:00Z');
    expect(settlement).toEqual({
      contractId: 'small-contract',
      terminatedOn: T,
      method: 'tailPeriod',
      status: 'provisional',
      computedAtVersion: h.state.version,
      finalOn: '2019-06-30', // T + 4 weeks + 9 weeks
      achieved: 11001 + 3001 + 3001,
      confirmed: 1000,
      future: 0,
      due: 17003 - 1000,
      rates: [],
      lines: [],
    });
    expect(settle(h, '2019-07-01T10:00:00Z').status).toBe('final');
  });
});

describe('computeSettlement: refusals', () => {
  it('refuses a contract not terminated, an unregistered stream and a bad instant, each with a clear code', () => {
    const h = smallSettlementScenario();
    expect(refusal(() => settle(h)).code).toBe('contract-not-terminated');
    expect(refusal(() => settle(new ContractHarness())).code).toBe('contract-not-found');
    h.run(cmd.terminate(T));
    const bad = refusal(() => settle(h, '2019-04-01'));
    expect([bad.code, bad.field]).toEqual(['invalid-field', 'now']);
  });
});
