import { atRiskAt, kaplanMeier, survivalAt } from './kaplan-meier.js';

describe('the Kaplan–Meier estimate', () => {
  // Six participants: events at days 1, 3, 3 and 7; censored at days 3 and 5.
  const observations = [
    { time: 3, event: true },
    { time: 1, event: true },
    { time: 5, event: false },
    { time: 3, event: false },
    { time: 7, event: true },
    { time: 3, event: true },
  ];

  it('multiplies (1 − events/at risk) at each event time; by hand: 5/6, then 5/6 · 3/5 = 1/2, then 0', () => {
    expect(kaplanMeier(observations)).toEqual([
      { time: 1, atRisk: 6, events: 1, censored: 0, survival: 5 / 6 },
      // The participant censored at day 3 is still at risk at day 3 (censoring comes after events).
      { time: 3, atRisk: 5, events: 2, censored: 1, survival: 0.5 },
      { time: 5, atRisk: 2, events: 0, censored: 1, survival: 0.5 },
      { time: 7, atRisk: 1, events: 1, censored: 0, survival: 0 },
    ]);
  });

  it('is a right-continuous step function, 1 before the first event', () => {
    const steps = kaplanMeier(observations);
    expect([0, 1, 2, 3, 4, 6, 7, 100].map((t) => survivalAt(steps, t))).toEqual([1, 5 / 6, 5 / 6, 0.5, 0.5, 0.5, 0, 0]);
  });

  it('counts who is still followed at a time', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((t) => atRiskAt(observations, t))).toEqual([6, 6, 5, 5, 2, 2, 1, 1, 0]);
  });

  it('stays at 1 when everyone is censored, and is empty without observations', () => {
    expect(
      kaplanMeier([
        { time: 4, event: false },
        { time: 9, event: false },
      ]).map((s) => s.survival),
    ).toEqual([1, 1]);
    expect(kaplanMeier([])).toEqual([]);
  });
});
