import type { ExpectedValueTermination } from '../contract/contract-definition.js';
import { cmd, ContractHarness } from '../testing/contract.harness.js';
import { smallSettlementContract } from '../testing/settlement.scenario.js';
import { computeSettlement } from './compute-settlement.js';
import type { SettlementRate } from './settlement.js';

/*
 * The worked example of docs/rules.md §7 "Rates kaplanMeier, worked out by hand", on the small
 * contract (START 1000, max 1; SUST: 14 evidenced days, 3001, max 2; FREE: 4 benefit-free weeks in
 * a row, 6000, max 1), with rates "kaplanMeier", a horizon of 4 weeks (H = 28 days), minSample 3,
 * fallback 1/4, stages 0, 7 and 10 days. T = 2019-04-28. Days below are counted from 2019-01-01
 * (day 0): T is day 117. Every figure was worked out by hand first (see the docs).
 */
const T = '2019-04-28';
const NOW = '2019-04-29T10:00:00Z';
const KAPLAN_MEIER: ExpectedValueTermination = {
  method: 'expectedValue',
  horizonWeeks: 4,
  rates: 'kaplanMeier',
  minSample: 3,
  fallbackRate: '1/4',
  stageDays: [0, 7, 10],
};

/**
 * - P1, enrolled 2019-01-07 (day 6): placed 2019-01-17 (16), evidence to 2019-01-30 (29): START on 16,
 *   SUST #1 on 29; weeks W02..W05 benefit-free: FREE on Sunday 2019-02-03 (33).
 * - P2, enrolled 2019-02-04 (34): placed 2019-02-14 (44), evidence 7 days to 2019-02-20 (50);
 *   W06..W09 free: FREE on 2019-03-03 (61).
 * - P3, enrolled 2019-01-07 (6): placed 2019-02-16 (46), evidence to 2019-02-25 (55, 10 days) and
 *   2019-03-02..05 (60..63): SUST #1 on 63; W10..W13 free: FREE on 2019-03-31 (89).
 * - P4, enrolled 2019-01-07 (6), withdrawn 2019-01-10 (9), nothing else.
 * - P5, enrolled 2019-04-15 (104): W16 and W17 free (14 days towards FREE on T).
 * - P6, enrolled 2019-01-07 (6): placed 2019-01-27 (26), evidence 7 days to 2019-02-02 (32).
 * - P7, enrolled 2019-03-04 (62): placed 2019-04-08 (97), evidence 12 days to 2019-04-19 (108).
 */
function workedExample(termination: ExpectedValueTermination = KAPLAN_MEIER): ContractHarness {
  const h = new ContractHarness(NOW);
  h.run(cmd.register(smallSettlementContract({ termination })));
  h.run(cmd.activate('2019-01-01'));
  const enrolments = [
    ['P1', '2019-01-07'],
    ['P2', '2019-02-04'],
    ['P3', '2019-01-07'],
    ['P4', '2019-01-07'],
    ['P5', '2019-04-15'],
    ['P6', '2019-01-07'],
    ['P7', '2019-03-04'],
  ];
  for (const [id, enrolledOn] of enrolments) {
    h.run(cmd.refer(id, '2019-01-02'));
    h.run(cmd.enrol(id, enrolledOn));
  }
  const placed = (id: string, placement: string, from: string, ...evidence: Array<[string, string]>) => {
    h.run(cmd.start(id, placement, from));
    evidence.forEach(([periodFrom, periodTo], i) => h.run(cmd.evidence(id, placement, `${placement}${i + 1}`, periodFrom, periodTo)));
  };
  const free = (id: string, ...weeks: string[]) => weeks.forEach((week) => h.run(cmd.week(id, week, false)));
  placed('P1', 'A', '2019-01-17', ['2019-01-17', '2019-01-30']);
  free('P1', '2019-W02', '2019-W03', '2019-W04', '2019-W05');
  placed('P2', 'B', '2019-02-14', ['2019-02-14', '2019-02-20']);
  free('P2', '2019-W06', '2019-W07', '2019-W08', '2019-W09');
  placed('P3', 'C', '2019-02-16', ['2019-02-16', '2019-02-25'], ['2019-03-02', '2019-03-05']);
  free('P3', '2019-W10', '2019-W11', '2019-W12', '2019-W13');
  h.run(cmd.withdraw('P4', '2019-01-10'));
  free('P5', '2019-W16', '2019-W17');
  placed('P6', 'F', '2019-01-27', ['2019-01-27', '2019-02-02']);
  placed('P7', 'G', '2019-04-08', ['2019-04-08', '2019-04-19']);
  h.run(cmd.terminate(T));
  return h;
}

const rate = (
  outcomeCode: string,
  stage: number,
  value: string,
  sampleSize: number,
  source: SettlementRate['source'],
  survival: SettlementRate['survival'],
): SettlementRate => ({ outcomeCode, stage, rate: value, sampleSize, source, survival });
const line = (
  participantId: string,
  outcomeCode: string,
  occurrence: number,
  stage: number,
  progress: number,
  value: string,
  sampleSize: number,
  amount: number,
) => ({ participantId, outcomeCode, occurrence, stage, progress, rate: value, sampleSize, amount, cutBy: null });

describe('rates "kaplanMeier": the worked example of docs/rules.md §7', () => {
  const settlement = computeSettlement(workedExample().state, { now: NOW });

  it('estimates each outcome and stage by the product limit, exactly, or falls back with the reason in its table', () => {
    expect(settlement.rates).toEqual([
      // START, stage 0, from enrolment: events on days 10 (P1, P2: a tie), 20 (P6), 40 and 35 (P3, P7: after
      // H); P5 censored on 13 (enrolled 13 days before T); P4, withdrawn on day 3 after r, censored on 111 (at
      // T, not at its withdrawal, where it would leave 6 at risk on day 10 and S = 1/2).
      // t = 10: 2 of 7 (5/7); t = 20: 1 of 4 (3/4). S = 15/28, 1 − S = 0.464286: 4643/10000.
      rate('START', 0, '4643/10000', 7, 'estimated', { units: 7, events: 3, censored: 1, interval95: { lower: 0.175, upper: 0.868 } }),
      // SUST, stage 0: 9 units (7 first occurrences, P1's and P3's second); one event by H, P1 #1 on day 23:
      // 1 of 8 (P5 censored on 13). S = 7/8: 1250/10000.
      rate('SUST', 0, '1250/10000', 9, 'estimated', { units: 9, events: 1, censored: 1, interval95: { lower: 0.0186, upper: 0.613 } }),
      // SUST, stage 7 (the 7th evidenced day): P1 event 7, P3 event 11, P2 and P6 censored 67 and 85, P7 14.
      // t = 7: 1 of 5; t = 11: 1 of 4. S = 4/5 · 3/4 = 3/5: 4000/10000.
      rate('SUST', 7, '4000/10000', 5, 'estimated', { units: 5, events: 2, censored: 1, interval95: { lower: 0.1182, upper: 0.8743 } }),
      // SUST, stage 10: P1 event 4, P3 event 8, P7 censored 11: 3 units, only 2 determined at H < minSample 3.
      rate('SUST', 10, '1/4', 3, 'fallback', { units: 3, events: 2, censored: 1, interval95: { lower: 0.2259, upper: 0.991 } }),
      // FREE, stage 0: P1 and P2 on day 27 (a tie), P3 on 83 (after H); P5 censored 13; P4, P6, P7 followed
      // past H. t = 27: 2 of 6. S = 2/3: 3333/10000.
      rate('FREE', 0, '3333/10000', 7, 'estimated', { units: 7, events: 2, censored: 1, interval95: { lower: 0.0956, upper: 0.8054 } }),
      // FREE, stage 7: P1, P2, P3 on day 21, P5 censored 7; stage 10: on day 14, P5 censored 0 (reached on T).
      // 3 determined, but every event or censoring day is before H: the history does not reach the horizon.
      rate('FREE', 7, '1/4', 4, 'fallback', { units: 4, events: 3, censored: 1, interval95: null }),
      rate('FREE', 10, '1/4', 4, 'fallback', { units: 4, events: 3, censored: 1, interval95: null }),
    ]);
  });

  it('values each line at price × p/10000 rounded half up, as with any rate', () => {
    expect(settlement.lines).toEqual([
      line('P1', 'SUST', 2, 0, 0, '1250/10000', 9, 375), // 3001 × 0.125 = 375.125
      line('P2', 'SUST', 1, 7, 7, '4000/10000', 5, 1200), // 1200.4
      line('P3', 'SUST', 2, 0, 0, '1250/10000', 9, 375),
      line('P5', 'START', 1, 0, 0, '4643/10000', 7, 464), // 464.3
      line('P5', 'SUST', 1, 0, 0, '1250/10000', 9, 375),
      line('P5', 'FREE', 1, 10, 14, '1/4', 4, 1500),
      line('P6', 'SUST', 1, 7, 7, '4000/10000', 5, 1200),
      line('P6', 'FREE', 1, 0, 0, '3333/10000', 7, 2000), // 1999.8
      line('P7', 'SUST', 1, 10, 12, '1/4', 3, 750), // 750.25
      line('P7', 'FREE', 1, 0, 0, '3333/10000', 7, 2000),
    ]);
    // Achieved: START ×5 (P1, P2, P3, P6, P7), SUST #1 ×2 (P1, P3), FREE ×3 (P1, P2, P3).
    expect(settlement).toMatchObject({ achieved: 5 * 1000 + 2 * 3001 + 3 * 6000, confirmed: 0, future: 10239, due: 29002 + 10239 });
  });

  it('counts the same units as "estimated" would, which gives other rates from the same facts', () => {
    const estimated = computeSettlement(workedExample({ ...KAPLAN_MEIER, rates: 'estimated' }).state, { now: NOW });
    expect(estimated.rates.map((r) => [r.outcomeCode, r.stage, r.rate, r.sampleSize, r.source])).toEqual([
      ['START', 0, '3/6', 6, 'estimated'], // P3 and P7 achieved after H, P5 not counted
      ['SUST', 0, '1/8', 8, 'estimated'],
      ['SUST', 7, '2/4', 4, 'estimated'],
      ['SUST', 10, '1/4', 2, 'fallback'],
      ['FREE', 0, '2/6', 6, 'estimated'],
      ['FREE', 7, '3/3', 3, 'estimated'], // every counted unit achieved: P5, still trying, is left out
      ['FREE', 10, '3/3', 3, 'estimated'],
    ]);
    // Its rates carry no survival table: the JSON of an estimated settlement is as it always was.
    expect(estimated.rates.every((r) => Object.keys(r).join() === 'outcomeCode,stage,rate,sampleSize,source')).toBe(true);
  });
});
