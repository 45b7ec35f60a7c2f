import { openAmountOf, outcomePaymentState, PAYMENT_STATES, settlementPaymentState } from './payment-state.js';

describe('the state of a payment identity (docs/rules.md §7)', () => {
  it('of an outcome: from what is recorded of it, one state for each combination', () => {
    const state = (reversed: boolean, confirmed: boolean, recovered: boolean, superseded: boolean) =>
      outcomePaymentState({ reversed, confirmed, recovered, superseded });
    expect(state(false, false, false, false)).toBe('due');
    expect(state(false, true, false, false)).toBe('paid');
    expect(state(true, false, false, false)).toBe('cancelled');
    expect(state(true, true, false, false)).toBe('to-recover');
    expect(state(true, true, true, false)).toBe('recovered');
    // Netted by an agreed settlement, whatever moves after: that is an adjustment's.
    for (const [reversed, confirmed, recovered] of [
      [false, false, false],
      [false, true, false],
      [true, true, false],
      [true, true, true],
    ] as const) {
      expect(state(reversed, confirmed, recovered, true)).toBe('superseded');
    }
  });

  it('of a settlement or an adjustment: its sign says which way the money goes', () => {
    expect(settlementPaymentState(11_500_000, false)).toBe('due');
    expect(settlementPaymentState(11_500_000, true)).toBe('paid');
    expect(settlementPaymentState(0, false)).toBe('due');
    expect(settlementPaymentState(-1_250_000, false)).toBe('to-recover');
    expect(settlementPaymentState(-1_250_000, true)).toBe('recovered');
  });

  it('asks to move money only when due or to recover', () => {
    expect(openAmountOf('due', 2_000_000, 0)).toBe(2_000_000);
    expect(openAmountOf('to-recover', 2_000_000, 1_500_000)).toBe(-1_500_000);
    expect(openAmountOf('to-recover', -1_250_000, -1_250_000)).toBe(-1_250_000);
    for (const state of PAYMENT_STATES.filter((s) => s !== 'due' && s !== 'to-recover')) expect(openAmountOf(state, 2_000_000, 2_000_000)).toBe(0);
  });
});
