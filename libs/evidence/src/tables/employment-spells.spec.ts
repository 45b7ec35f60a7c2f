import { fromEpochDay } from '#domain';
import { FactsBuilder } from '#domain/testing/participant-facts.builder.js';
import { employmentSpells, evidencedDaysByPlacement } from './employment-spells.js';

const QUALIFYING = { minHoursPerWeek: 16 };

function history() {
  const b = new FactsBuilder('P1').enrol('2019-01-07');
  // A and B overlap (02-08 to 02-10): one spell from 02-04 to 02-20, the shared days counted once.
  b.placement('A', '2019-02-04', '2019-02-10').evidence('ev-A', 'A', '2019-02-04', '2019-02-10');
  b.placement('B', '2019-02-08', '2019-02-20').evidence('ev-B', 'B', '2019-02-08', '2019-02-20');
  // 02-21 is a gap of one day: C starts a second spell. E (10 h/week) and C's revoked payslip do not bridge it.
  b.placement('C', '2019-02-22', '2019-02-28').evidence('ev-C', 'C', '2019-02-22', '2019-02-28').evidence('ev-C0', 'C', '2019-02-21', '2019-02-21', true);
  b.placement('E', '2019-02-21', '2019-02-21', { hours: 10 }).evidence('ev-E', 'E', '2019-02-21', '2019-02-21');
  // D is open, its payslips so far reach 03-31: an open spell, observed until then.
  b.placement('D', '2019-03-04').evidence('ev-D1', 'D', '2019-03-04', '2019-03-20').evidence('ev-D2', 'D', '2019-03-15', '2019-03-31');
  return b.facts;
}

describe('employment spells', () => {
  it('merge overlapping placements, split at a gap of one day, and stay open while a placement goes on', () => {
    const spells = employmentSpells(history(), QUALIFYING).map((s) => ({
      from: fromEpochDay(s.from),
      to: fromEpochDay(s.to),
      days: s.to - s.from + 1,
      open: s.open,
    }));
    expect(spells).toEqual([
      { from: '2019-02-04', to: '2019-02-20', days: 17, open: false },
      { from: '2019-02-22', to: '2019-02-28', days: 7, open: false },
      { from: '2019-03-04', to: '2019-03-31', days: 28, open: true },
    ]);
  });

  it('end at the withdrawal (the enrolment interval excludes its day)', () => {
    const facts = history();
    facts.withdrawnOn = '2019-02-15';
    expect(employmentSpells(facts, QUALIFYING).map((s) => [fromEpochDay(s.from), fromEpochDay(s.to), s.open])).toEqual([['2019-02-04', '2019-02-14', true]]);
  });

  it('count each placement’s own evidenced days, overlapping payslips of one placement once, any kind or hours', () => {
    expect(Object.fromEntries(evidencedDaysByPlacement(history()))).toEqual({ A: 7, B: 13, C: 7, E: 1, D: 28 });
  });

  it('are none before an enrolment', () => {
    const facts = history();
    delete facts.enrolledOn;
    expect(employmentSpells(facts, QUALIFYING)).toEqual([]);
    expect(evidencedDaysByPlacement(facts).size).toBe(0);
  });
});
