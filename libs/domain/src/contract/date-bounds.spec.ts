import fc from 'fast-check';
import { computeSettlement } from '../settlement/compute-settlement.js';
import { whatIfSettlement } from '../decider/contract.what-if.js';
import { cmd, ContractHarness } from '../testing/contract.harness.js';
import { addDays, compareDates, fromEpochDay, isCivilDate, toEpochDay } from '../time/civil-date.js';
import { MAX_STAGE_DAYS, MAX_TERM_WEEKS, PERIOD_RANGE, type TerminationTerms } from './contract-definition.js';
import { validateContractDefinition } from './contract-definition.validator.js';
import { contractWindow, evidenceGraceEnd } from './contract-window.js';

/**
 * The bounds of docs/rules.md §8 keep every date the rules derive from a definition inside years
 * 0001-9999, where fromEpochDay would throw: no definition the validator takes can make a rule throw.
 */
describe('the calendar bounds of a contract', () => {
  const NOW = '2026-01-05T10:00:00Z';
  const definitionWith = (period: { start: string; end: string }, termination: TerminationTerms) => ({
    contractId: 'bounds-contract',
    title: 'Bounds',
    currency: 'DKK',
    parties: { commissioner: 'c', investor: 'i', provider: 'p' },
    period,
    targetParticipants: 4,
    outcomes: [
      { code: 'START', trigger: { type: 'placementStart', minHoursPerWeek: 16 }, price: 1000, maxPerParticipant: 1 },
      { code: 'SUST', trigger: { type: 'employmentSustained', weeks: 2, minHoursPerWeek: 16, continuous: false }, price: 3000, maxPerParticipant: 2 },
      { code: 'FREE', trigger: { type: 'benefitFreeWeeks', weeks: 4, consecutive: true }, price: 6000, maxPerParticipant: 1 },
    ],
    termination,
  });
  const expectedValue = (weeks: number): TerminationTerms => ({
    method: 'expectedValue',
    horizonWeeks: weeks,
    rates: 'estimated',
    minSample: 2,
    fallbackRate: '1/4',
    stageDays: [0, 7, MAX_STAGE_DAYS],
    evidenceGraceWeeks: weeks,
  });
  const epochDayIn = fc.integer({ min: toEpochDay(PERIOD_RANGE.earliest), max: toEpochDay(PERIOD_RANGE.latest) });

  it('a window and its grace end stay real dates for any period, termination date and terms inside the bounds', () => {
    const terms = fc.oneof(
      fc
        .record({ tailWeeks: fc.integer({ min: 0, max: MAX_TERM_WEEKS }), evidenceGraceWeeks: fc.integer({ min: 0, max: MAX_TERM_WEEKS }) })
        .map((t): TerminationTerms => ({ method: 'tailPeriod', ...t })),
      fc.integer({ min: 1, max: MAX_TERM_WEEKS }).map(expectedValue),
    );
    fc.assert(
      fc.property(epochDayIn, epochDayIn, fc.double({ min: 0, max: 1, noNaN: true }), terms, (a, b, at, termination) => {
        const [start, end] = [fromEpochDay(Math.min(a, b)), fromEpochDay(Math.max(a, b))];
        const validated = validateContractDefinition(definitionWith({ start, end }, termination));
        if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
        const effectiveOn = fromEpochDay(Math.min(a, b) + Math.floor(at * Math.abs(a - b)));
        const window = contractWindow(validated.value, { effectiveOn, terms: validated.value.termination });
        const graceEnd = evidenceGraceEnd(validated.value, { effectiveOn, terms: validated.value.termination });
        expect(isCivilDate(window.end) && isCivilDate(graceEnd)).toBe(true);
        expect(compareDates(graceEnd, '3020-01-01')).toBeLessThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('every date and week a command takes is held to PERIOD_RANGE: one a day outside it is refused naming its field', () => {
    const h = new ContractHarness(NOW);
    h.run(cmd.register(definitionWith({ start: PERIOD_RANGE.earliest, end: PERIOD_RANGE.latest }, expectedValue(4))));
    h.run(cmd.activate(PERIOD_RANGE.earliest));
    h.run(cmd.refer('p1', PERIOD_RANGE.earliest));
    h.run(cmd.enrol('p1', PERIOD_RANGE.earliest));
    const refusal = (run: () => unknown) => {
      try {
        run();
        return 'recorded';
      } catch (error) {
        return { code: (error as { code?: string }).code, field: (error as { field?: string }).field };
      }
    };
    expect(refusal(() => h.run(cmd.start('p1', 'A', '3000-01-01')))).toEqual({ code: 'invalid-date', field: 'startDate' });
    expect(refusal(() => h.run(cmd.start('p1', 'A', '1899-12-31')))).toEqual({ code: 'invalid-date', field: 'startDate' });
    h.run(cmd.start('p1', 'A', PERIOD_RANGE.earliest));
    expect(refusal(() => h.run(cmd.evidence('p1', 'A', 'ev-A', PERIOD_RANGE.earliest, '9999-12-31')))).toEqual({ code: 'invalid-date', field: 'periodTo' });
    expect(refusal(() => h.run(cmd.week('p1', '3000-W02', false)))).toEqual({ code: 'invalid-week', field: 'week' });
    expect(refusal(() => h.run(cmd.week('p1', '1899-W52', false)))).toEqual({ code: 'invalid-week', field: 'week' });
  });

  it.each([
    ['tailPeriod', { method: 'tailPeriod', tailWeeks: MAX_TERM_WEEKS, evidenceGraceWeeks: MAX_TERM_WEEKS } satisfies TerminationTerms],
    ['expectedValue', expectedValue(MAX_TERM_WEEKS)],
  ])('%s: a contract over the whole range, with facts at the calendar’s ends, terminated on its last day, settles', (_method, termination) => {
    const h = new ContractHarness(NOW);
    h.run(cmd.register(definitionWith({ start: PERIOD_RANGE.earliest, end: PERIOD_RANGE.latest }, termination)));
    h.run(cmd.activate(PERIOD_RANGE.earliest));
    h.run(cmd.refer('p1', PERIOD_RANGE.earliest));
    h.run(cmd.enrol('p1', PERIOD_RANGE.earliest));
    h.run(cmd.refer('p2', PERIOD_RANGE.latest));
    h.run(cmd.enrol('p2', PERIOD_RANGE.latest));
    // Fact dates are held to PERIOD_RANGE, not to the period: its first and last days and weeks.
    h.run(cmd.start('p1', 'A', PERIOD_RANGE.earliest));
    h.run(cmd.evidence('p1', 'A', 'ev-A', PERIOD_RANGE.earliest, PERIOD_RANGE.latest));
    h.run(cmd.start('p2', 'B', PERIOD_RANGE.latest));
    h.run(cmd.evidence('p2', 'B', 'ev-B', PERIOD_RANGE.latest, PERIOD_RANGE.latest));
    for (const week of ['1900-W01', '2999-W52', '3000-W01']) h.run(cmd.week('p2', week, false));

    const whatIf = whatIfSettlement(h.state, { terminatedOn: PERIOD_RANGE.latest, now: NOW, overrides: { method: 'tailPeriod', tailWeeks: MAX_TERM_WEEKS } });
    expect(whatIf.finalOn).toBe(addDays(PERIOD_RANGE.latest, 7 * (MAX_TERM_WEEKS + (termination.evidenceGraceWeeks ?? 0))));
    if (termination.method === 'expectedValue') {
      const first = whatIfSettlement(h.state, { terminatedOn: PERIOD_RANGE.earliest, now: NOW, overrides: { horizonWeeks: MAX_TERM_WEEKS } });
      expect(first).toMatchObject({ finalOn: addDays(PERIOD_RANGE.earliest, 7 * MAX_TERM_WEEKS), status: 'final' });
    }

    h.run(cmd.terminate(PERIOD_RANGE.latest));
    const settlement = computeSettlement(h.state, { now: NOW });
    const windowEnd = termination.method === 'tailPeriod' ? addDays(PERIOD_RANGE.latest, 7 * MAX_TERM_WEEKS) : PERIOD_RANGE.latest;
    expect(settlement).toMatchObject({ terminatedOn: PERIOD_RANGE.latest, status: 'provisional', finalOn: addDays(windowEnd, 7 * MAX_TERM_WEEKS) });
    expect(settlement.finalOn.startsWith(termination.method === 'tailPeriod' ? '3019-' : '3009-')).toBe(true);
    // A fact is still taken by the grace's rule, compared as dates.
    h.run(cmd.week('p2', '2999-W51', true));
  });
});
