import type { ExpectedValueTermination } from '../contract/contract-definition.js';
import { cloneContractState } from './contract.state.js';
import { DomainError } from '../shared/domain.error.js';
import { cmd, ContractHarness } from '../testing/contract.harness.js';
import { smallSettlementScenario } from '../testing/settlement.scenario.js';
import { computeSettlement } from '../settlement/compute-settlement.js';
import { whatIfSettlement, whatIfTerms, type WhatIfOptions } from './contract.what-if.js';

const NOW = '2019-04-01T10:00:00Z';

function refusal(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('whatIfSettlement', () => {
  it('equals the settlement after recording that termination, but records nothing', () => {
    const h = smallSettlementScenario();
    const before = cloneContractState(h.state);
    const version = h.state.version;
    const whatIf = whatIfSettlement(h.state, { terminatedOn: '2019-03-31', now: NOW });
    expect(h.state).toEqual(before);
    expect(whatIf.computedAtVersion).toBe(version);

    h.run(cmd.terminate('2019-03-31'));
    const real = computeSettlement(h.state, { now: NOW });
    expect({ ...whatIf, computedAtVersion: real.computedAtVersion }).toEqual(real);
    expect(whatIf.lines).toHaveLength(6);
  });

  it('reverses, like a real termination, what was achieved after the date, and leaves the state as it was', () => {
    const h = smallSettlementScenario();
    const committed = h.state.totals.committed;
    // On Jan 31 P1's FREE (Feb 3) is not yet achieved; P2 and P4 are not enrolled yet.
    const whatIf = whatIfSettlement(h.state, { terminatedOn: '2019-01-31', now: NOW });
    expect(whatIf.achieved).toBe(1000 + 3001);
    expect(whatIf.lines.map((l) => [l.participantId, l.outcomeCode, l.occurrence, l.progress, l.stage])).toEqual([
      ['P1', 'SUST', 2, 7, 7], // 21 evidenced days by Jan 27
      ['P1', 'FREE', 1, 21, 10], // W02..W04, Sundays by Jan 31
      ['P3', 'START', 1, 0, 0],
      ['P3', 'SUST', 1, 0, 0],
      ['P3', 'FREE', 1, 0, 0],
    ]);
    expect(h.state.totals.committed).toBe(committed);
    expect(h.state.ledger.get('small-contract:P1:FREE:1:1')?.reversal).toBeNull();
  });

  it('settles under other terms: another horizon or fallback rate, or a tail period (by default as long as the horizon)', () => {
    const h = smallSettlementScenario();
    const options: WhatIfOptions = { terminatedOn: '2019-03-31', now: NOW };
    // The fallback rate is taken where the sample is short: FREE at stages 7 and 10.
    const fallback = whatIfSettlement(h.state, { ...options, overrides: { fallbackRate: '1/10' } });
    expect(fallback.rates.filter((r) => r.source === 'fallback').map((r) => r.rate)).toEqual(['1/10', '1/10']);
    // A 1-week horizon: START stage 0 units are P1 (0 days, yes), P2 (7 days, yes), P3 (counted), P4 (13 >= 7, counted).
    const shortHorizon = whatIfSettlement(h.state, { ...options, overrides: { horizonWeeks: 1 } });
    expect(shortHorizon.rates[0]).toEqual({ outcomeCode: 'START', stage: 0, rate: '2/4', sampleSize: 4, source: 'estimated' });

    const tail = whatIfSettlement(h.state, { ...options, overrides: { method: 'tailPeriod' } });
    expect(whatIfTerms(h.state.definition!, { method: 'tailPeriod' })).toEqual({ method: 'tailPeriod', tailWeeks: 4, evidenceGraceWeeks: 9 });
    expect(tail).toMatchObject({ method: 'tailPeriod', finalOn: '2019-06-30', future: 0, lines: [], rates: [], achieved: 11001 });
    const longTail = whatIfSettlement(h.state, { ...options, overrides: { method: 'tailPeriod', tailWeeks: 10 } });
    expect(longTail.finalOn).toBe('2019-08-11');
    const agreed = whatIfSettlement(h.state, {
      ...options,
      overrides: { method: { method: 'expectedValue', horizonWeeks: 4, rates: {}, minSample: 1, fallbackRate: '1/1', stageDays: [0] } },
    });
    expect(agreed.future).toBe(3001 + 3001 + 6000 + 1000 + 3001 + 6000);
  });

  it('estimates the rates another way when asked: kaplanMeier instead of the contract’s estimated rates, or the reverse', () => {
    const h = smallSettlementScenario();
    const options: WhatIfOptions = { terminatedOn: '2019-03-31', now: NOW, overrides: { rates: 'kaplanMeier' } };
    expect(whatIfTerms(h.state.definition!, options.overrides)).toMatchObject({ method: 'expectedValue', rates: 'kaplanMeier', horizonWeeks: 4 });
    const km = whatIfSettlement(h.state, options);
    // START: P1 achieves on day 0, P2 on day 7; P3 (withdrawn) is censored on 83, P4 on 13 (< H = 28).
    // S = 3/4 · 2/3 = 1/2; V = 1/12 + 1/6: the rate lies in [0.155139, 0.942153].
    expect(km.rates[0]).toEqual({
      outcomeCode: 'START',
      stage: 0,
      rate: '5000/10000',
      sampleSize: 4,
      source: 'estimated',
      survival: { units: 4, events: 2, censored: 1, interval95: { lower: 0.1551, upper: 0.9422 } },
    });
    expect(km.lines.find((l) => l.participantId === 'P4' && l.outcomeCode === 'START')).toMatchObject({ rate: '5000/10000', amount: 500 });
    // The same what-if on a contract whose own rates are kaplanMeier, asked for the estimated ones, is the contract’s usual settlement.
    const kmContract = smallSettlementScenario({ termination: { ...(h.state.definition!.termination as ExpectedValueTermination), rates: 'kaplanMeier' } });
    expect(whatIfSettlement(kmContract.state, { ...options, overrides: { rates: 'estimated' } })).toEqual(
      whatIfSettlement(h.state, { ...options, overrides: {} }),
    );
    expect(whatIfSettlement(kmContract.state, { ...options, overrides: {} })).toEqual(km);
  });

  it('refuses, naming the field: a terminated contract, a bad or outside date, and overrides that do not fit', () => {
    const h = smallSettlementScenario();
    const base: WhatIfOptions = { terminatedOn: '2019-03-31', now: NOW };
    const fieldOf = (options: WhatIfOptions) => {
      const error = refusal(() => whatIfSettlement(h.state, options));
      return [error.code, error.field];
    };
    expect(fieldOf({ ...base, terminatedOn: '2019-02-30' })).toEqual(['invalid-date', 'terminatedOn']);
    expect(fieldOf({ ...base, terminatedOn: '2018-12-31' })).toEqual(['date-outside-contract', 'terminatedOn']);
    expect(fieldOf({ ...base, now: 'yesterday' })).toEqual(['invalid-field', 'now']);
    expect(fieldOf({ ...base, overrides: { horizonWeeks: 0 } })).toEqual(['invalid-field', 'overrides.horizonWeeks']);
    expect(fieldOf({ ...base, overrides: { horizonWeeks: 521 } })).toEqual(['invalid-field', 'overrides.horizonWeeks']);
    expect(fieldOf({ ...base, overrides: { method: 'tailPeriod', tailWeeks: 521 } })).toEqual(['invalid-field', 'overrides.tailWeeks']);
    expect(fieldOf({ ...base, overrides: { fallbackRate: '3/2' } })).toEqual(['invalid-field', 'overrides.fallbackRate']);
    expect(fieldOf({ ...base, overrides: { tailWeeks: 4 } })).toEqual(['invalid-field', 'overrides.tailWeeks']);
    expect(fieldOf({ ...base, overrides: { rates: 'agreed' as never } })).toEqual(['invalid-field', 'overrides.rates']);
    expect(fieldOf({ ...base, overrides: { method: 'tailPeriod', rates: 'kaplanMeier' } })).toEqual(['invalid-field', 'overrides.rates']);
    expect(fieldOf({ ...base, overrides: { method: 'tailPeriod', horizonWeeks: 4 } })).toEqual(['invalid-field', 'overrides.horizonWeeks']);
    expect(fieldOf({ ...base, overrides: { method: 'somethingElse' as never } })).toEqual(['invalid-termination-method', 'overrides.method']);
    expect(fieldOf({ ...base, overrides: { method: { method: 'tailPeriod' } as never } })).toEqual(['invalid-termination-method', 'overrides.method']);
    expect(fieldOf({ ...base, overrides: { horizon: 3 } as never })).toEqual(['invalid-field', 'overrides.horizon']);
    expect(fieldOf({ ...base, overrides: 'tailPeriod' as never })).toEqual(['invalid-field', 'overrides']);

    const tailContract = smallSettlementScenario({ termination: { method: 'tailPeriod', tailWeeks: 4 } });
    const error = refusal(() => whatIfSettlement(tailContract.state, { ...base, overrides: { method: 'expectedValue' } }));
    expect([error.code, error.field]).toEqual(['invalid-termination-method', 'overrides.method']);

    h.run(cmd.terminate('2019-03-31'));
    expect(refusal(() => whatIfSettlement(h.state, base)).code).toBe('contract-terminated');
    expect(refusal(() => whatIfSettlement(new ContractHarness().state, base)).code).toBe('contract-not-found');
  });
});
