import { coarsenDate, ISO_WEEK_PATTERN } from './date-coarsening.js';

describe('coarsening a date', () => {
  it('keeps it, or gives its ISO week (the week-year of its Thursday) or its month', () => {
    expect(['day', 'week', 'month'].map((g) => coarsenDate('2019-12-30', g as 'day'))).toEqual(['2019-12-30', '2020-W01', '2019-12']);
    expect(coarsenDate('2021-01-03', 'week')).toBe('2020-W53');
    expect(coarsenDate('2019-02-04', 'week')).toBe('2019-W06');
  });

  it('the schema’s week pattern accepts weeks 01 to 53 only', () => {
    const week = new RegExp(ISO_WEEK_PATTERN);
    expect(['2020-W01', '2020-W53', '2019-W06'].every((w) => week.test(w))).toBe(true);
    expect(['2020-W00', '2020-W54', '2020-06', '2020-W1'].some((w) => week.test(w))).toBe(false);
  });
});
