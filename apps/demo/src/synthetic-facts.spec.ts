import { validateCprNumber } from '#domain';
import { generateDemoPlan } from './synthetic-facts.js';

describe('the demo’s synthetic facts', () => {
  const options = { seed: 60, citizens: 120, weeks: 52, start: '2018-09-03' };
  const plan = generateDemoPlan(options);

  it('are the same for the same seed, and differ for another', () => {
    expect(generateDemoPlan(options)).toEqual(plan);
    expect(generateDemoPlan({ ...options, seed: 61 })).not.toEqual(plan);
  });

  it('refer every citizen once, with valid and distinct synthetic CPR numbers', () => {
    const referrals = plan.weeks.flatMap((w) => w.referrals);
    expect(referrals).toHaveLength(120);
    expect(new Set(referrals.map((r) => r.cpr)).size).toBe(120);
    for (const r of referrals) expect(validateCprNumber(r.cpr).ok).toBe(true);
  });

  it('take about 2.3 placements per placed citizen, and keep CPR numbers out of every line', () => {
    const { placements, placedCitizens } = plan.generated;
    expect(placements / placedCitizens).toBeGreaterThan(2);
    expect(placements / placedCitizens).toBeLessThan(2.7);
    const lines = plan.weeks.flatMap((w) => [...w.provider, ...w.register]);
    expect(new Set(lines.map((l) => l.commandId)).size).toBe(lines.length);
    for (const line of lines) expect(line.commandId).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    const text = JSON.stringify(lines);
    for (const r of plan.weeks.flatMap((w) => w.referrals)) {
      expect(text).not.toContain(r.cpr);
      expect(text).not.toContain(r.cpr.replace('-', ''));
    }
  });

  it('send benefit weeks eight weeks late, with corrections', () => {
    expect(plan.weeks.slice(0, 8).every((w) => w.register.length === 0)).toBe(true);
    expect(plan.weeks[8].register.every((l) => l.data.week === '2018-W36')).toBe(true);
    expect(plan.generated.registerCorrections).toBeGreaterThan(0);
    expect(plan.generated.revokedPayslips).toBe(1);
  });
});
