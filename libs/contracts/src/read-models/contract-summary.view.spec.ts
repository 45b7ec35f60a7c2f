import { contractSummaryView } from './index.js';
import { cmd, workedExample } from './testing/worked-example.fixture.js';

const outcome = (view: ReturnType<typeof contractSummaryView>, code: string) => view.outcomes.find((o) => o.code === code)!;

describe('contractSummaryView: the contract at a glance', () => {
  it('after row 4: 11,000,000 triggered, P1 at its cap, JOB_13W #2 capped at 0', () => {
    const { h } = workedExample(4);
    const view = contractSummaryView(h.state, 'AS-OF');
    expect(view).toMatchObject({
      contractId: 'aalborg-impact60',
      asOf: 'AS-OF',
      version: h.state.version,
      contract: {
        title: 'IMPACT60',
        currency: 'DKK',
        status: 'active',
        termsVersion: 1,
        window: { start: '2018-09-01', end: '2022-12-31' },
        termination: null,
      },
      participants: { total: 3, referred: 0, rejected: 1, enrolled: 1, withdrawn: 1 },
      // P3 was placed (education, 10 h) but achieved nothing.
      funnel: { referred: 3, enrolled: 2, placed: 2, anyOutcome: 1, lastingOutcome: 1, lastingOutcomeCodes: ['JOB_13W', 'SELF_SUPPORT_26W'] },
      money: {
        triggered: 11_000_000,
        owed: 11_000_000,
        paid: 8_000_000,
        recovered: 0,
        confirmed: 8_000_000,
        due: 3_000_000,
        toRecover: 0,
        superseded: 0,
        net: 3_000_000,
      },
      caps: { total: 600_000_000, used: 11_000_000, headroom: 589_000_000, perParticipant: 11_000_000, participantsAtCap: 1 },
    });
    expect(outcome(view, 'JOB_13W')).toEqual({
      code: 'JOB_13W',
      trigger: 'employmentSustained',
      price: 3_000_000,
      maxPerParticipant: 2,
      verified: { count: 2, amount: 3_000_000 },
      capped: { count: 1, amount: 0, shortfall: 3_000_000 },
      reversed: { count: 0, amount: 0 },
    });
  });

  it('after row 5: the reversal gives the headroom back and leaves a paid amount to recover', () => {
    const { h } = workedExample(5);
    const view = contractSummaryView(h.state, 'AS-OF');
    expect(view.money).toEqual({
      triggered: 5_000_000,
      owed: 5_000_000,
      paid: 8_000_000,
      recovered: 0,
      confirmed: 8_000_000,
      due: 3_000_000,
      toRecover: 6_000_000,
      superseded: 0,
      net: -3_000_000,
    });
    expect(view.caps).toMatchObject({ used: 5_000_000, headroom: 595_000_000, participantsAtCap: 0 });
    expect(outcome(view, 'SELF_SUPPORT_26W')).toMatchObject({ verified: { count: 0, amount: 0 }, reversed: { count: 1, amount: 6_000_000 } });
    expect(outcome(view, 'JOB_13W')).toMatchObject({ verified: { count: 2, amount: 3_000_000 }, capped: { count: 1 } });
  });

  it('after row 6: 11,000,000 triggered again, 9,000,000 due', () => {
    const { h } = workedExample(6);
    const view = contractSummaryView(h.state, 'AS-OF');
    expect(view.money).toEqual({
      triggered: 11_000_000,
      owed: 11_000_000,
      paid: 8_000_000,
      recovered: 0,
      confirmed: 8_000_000,
      due: 9_000_000,
      toRecover: 6_000_000,
      superseded: 0,
      net: 3_000_000,
    });
    expect(outcome(view, 'SELF_SUPPORT_26W')).toMatchObject({ verified: { count: 1, amount: 6_000_000 }, reversed: { count: 1, amount: 6_000_000 } });
  });

  it('counts a participant with only a placement start as placed and with an outcome, not a lasting one', () => {
    const { h } = workedExample(1);
    expect(contractSummaryView(h.state, 'AS-OF').funnel).toMatchObject({ enrolled: 2, placed: 2, anyOutcome: 1, lastingOutcome: 0 });
  });

  it('shows a termination and the window it leaves', () => {
    const { h } = workedExample(2);
    h.record(cmd.terminate('2019-06-30'));
    const view = contractSummaryView(h.state, 'AS-OF');
    expect(view.contract).toMatchObject({
      status: 'terminated',
      window: { start: '2018-09-01', end: '2019-06-30' },
      termination: { effectiveOn: '2019-06-30', reason: 'early end', method: 'expectedValue', position: h.state.version },
    });
  });

  it('lists an outcome the terms in force dropped (only its reversed occurrences left) after the ones they have', () => {
    const { h } = workedExample(5);
    const definition = structuredClone(h.state.definition!);
    definition.outcomes = definition.outcomes.filter((o) => o.code !== 'SELF_SUPPORT_26W');
    h.record(cmd.amend(definition));
    const view = contractSummaryView(h.state, 'AS-OF');
    expect(view.contract.termsVersion).toBe(2);
    expect(view.outcomes.map((o) => o.code)).toEqual(['JOB_START', 'JOB_13W', 'SELF_SUPPORT_26W']);
    expect(view.funnel.lastingOutcomeCodes).toEqual(['JOB_13W']);
    expect(view.outcomes[2]).toMatchObject({
      trigger: 'benefitFreeWeeks',
      price: 6_000_000,
      maxPerParticipant: 1,
      verified: { count: 0 },
      reversed: { count: 1, amount: 6_000_000 },
    });
  });

  it('returns fresh values: changing the view changes nothing in the state', () => {
    const { h } = workedExample(1);
    const view = contractSummaryView(h.state, 'AS-OF');
    view.contract.parties.provider = 'someone-else';
    view.contract.period.end = '2099-12-31';
    expect(h.state.definition!.parties.provider).toBe('fokus-folkeoplysning');
    expect(h.state.definition!.period.end).toBe('2022-12-31');
  });
});
