import { DomainError, type ExpectedValueTermination, type TerminationTerms, whatIfSettlement, type WhatIfOverrides } from '#domain';
import { cmd } from '#domain/testing/contract.harness.js';
import { smallSettlementScenario } from '#domain/testing/settlement.scenario.js';
import { settlementComparisonView } from './settlement.view.js';

const AS_OF = '2019-04-01T10:00:00Z';
const T = '2019-03-31';
const TERMS: ExpectedValueTermination = {
  method: 'expectedValue',
  horizonWeeks: 4,
  rates: 'estimated',
  minSample: 2,
  fallbackRate: '1/4',
  stageDays: [0, 7, 10],
};

const variantsOf = (termination: TerminationTerms) => {
  const view = settlementComparisonView(smallSettlementScenario({ termination }).state, AS_OF, T);
  return view.variants.map((v) => [v.variant, v.contractTerms, v.method, v.terms.method === 'expectedValue' ? v.terms.rates : v.terms.tailWeeks]);
};

describe('settlementComparisonView: the what-if under each way of settling', () => {
  it('answers the contract’s own terms first, then each other method once, each as its what-if would, with the number of its lines', () => {
    const h = smallSettlementScenario();
    const view = settlementComparisonView(h.state, AS_OF, T);
    expect(view).toMatchObject({
      contractId: 'small-contract',
      asOf: AS_OF,
      version: h.state.version,
      computedAtVersion: h.state.version,
      terminatedOn: T,
      currency: 'DKK',
    });
    const overrides: WhatIfOverrides[] = [{}, { method: 'tailPeriod' }, { rates: 'kaplanMeier' }];
    expect(view.variants.map((v) => v.variant)).toEqual(['estimated', 'tailPeriod', 'kaplanMeier']);
    view.variants.forEach((variant, i) => {
      const { method, status, finalOn, achieved, confirmed, future, due, rates, lines } = whatIfSettlement(h.state, {
        terminatedOn: T,
        now: AS_OF,
        overrides: overrides[i],
      });
      expect(variant).toEqual({
        variant: variant.variant,
        contractTerms: i === 0,
        terms: variant.terms,
        method,
        status,
        finalOn,
        achieved,
        confirmed,
        future,
        due,
        rates,
        lineCount: lines.length,
      });
    });
    // kaplanMeier, by hand: START 0 S = 3/4 · 2/3 (5000/10000), SUST 0 S = 4/5 (2000), SUST 7 S = 2/3 (3333),
    // SUST 10 S = 1/2 (5000), FREE 0 S = 2/3 (3333): lines 1000 + 1501 + 2000 + 500 + 600 + 2000.
    expect(view.variants.map((v) => [v.lineCount, v.future])).toEqual([
      [6, 7918],
      [0, 0],
      [6, 7601],
    ]);
    expect(view.variants[1].terms).toEqual({ method: 'tailPeriod', tailWeeks: 4, evidenceGraceWeeks: 9 });
    expect(view.variants[2].rates.every((r) => r.survival !== undefined)).toBe(true);
  });

  it('deduplicates by the contract’s own choice: an agreed table adds estimated and kaplanMeier, a tailPeriod contract is alone', () => {
    expect(variantsOf({ ...TERMS, rates: { START: { '0': '1/2' } } })).toEqual([
      ['agreed', true, 'expectedValue', { START: { '0': '1/2' } }],
      ['tailPeriod', false, 'tailPeriod', 4],
      ['estimated', false, 'expectedValue', 'estimated'],
      ['kaplanMeier', false, 'expectedValue', 'kaplanMeier'],
    ]);
    expect(variantsOf({ ...TERMS, rates: 'kaplanMeier' })).toEqual([
      ['kaplanMeier', true, 'expectedValue', 'kaplanMeier'],
      ['tailPeriod', false, 'tailPeriod', 4],
      ['estimated', false, 'expectedValue', 'estimated'],
    ]);
    expect(variantsOf({ method: 'tailPeriod', tailWeeks: 10 })).toEqual([['tailPeriod', true, 'tailPeriod', 10]]);
  });

  it('refuses what the what-if refuses: a bad date, a terminated contract', () => {
    const h = smallSettlementScenario();
    expect(() => settlementComparisonView(h.state, AS_OF, '2019-02-30')).toThrow(expect.objectContaining({ field: 'terminatedOn' }));
    h.run(cmd.terminate(T));
    expect(() => settlementComparisonView(h.state, AS_OF, T)).toThrow(DomainError);
    expect(() => settlementComparisonView(h.state, AS_OF, T)).toThrow(expect.objectContaining({ code: 'contract-terminated' }));
  });
});
