import { impact60Definition } from '../testing/contract.harness.js';
import { MAX_STAGE_DAYS, MAX_TERM_WEEKS, PERIOD_RANGE } from './contract-definition.js';
import { validateContractDefinition, validateTerminationTerms } from './contract-definition.validator.js';

type Json = Record<string, any>;

function withChange(change: (d: Json) => void): unknown {
  const d = JSON.parse(JSON.stringify(impact60Definition())) as Json;
  change(d);
  return d;
}

function errorsOf(input: unknown): { path: string; message: string }[] {
  const result = validateContractDefinition(input);
  if (result.ok) throw new Error('expected the definition to be refused');
  return result.errors;
}

function pathsOf(input: unknown): string[] {
  return errorsOf(input).map((e) => e.path);
}

describe('validateContractDefinition', () => {
  it('accepts the §4 definition and fills in the default evidence grace', () => {
    const input = withChange((d) => delete d.termination.evidenceGraceWeeks);
    const result = validateContractDefinition(input);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.termination.evidenceGraceWeeks).toBe(9);
      expect(result.value.outcomes.map((o) => o.code)).toEqual(['JOB_START', 'JOB_13W', 'SELF_SUPPORT_26W']);
    }
  });

  it('accepts tailPeriod termination and rate tables', () => {
    expect(validateContractDefinition(withChange((d) => (d.termination = { method: 'tailPeriod', tailWeeks: 26 }))).ok).toBe(true);
    expect(validateContractDefinition(withChange((d) => (d.termination.rates = { JOB_13W: { '0': '1/4', '30': '1/2' }, JOB_START: { '0': '0/1' } }))).ok).toBe(
      true,
    );
  });

  it('refuses something that is not an object', () => {
    expect(pathsOf(null)).toEqual(['']);
    expect(pathsOf([])).toEqual(['']);
  });

  it('refuses an unknown trigger type, with its path', () => {
    const errors = errorsOf(withChange((d) => (d.outcomes[1].trigger.type = 'scoreThreshold')));
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('outcomes[1].trigger.type');
    expect(errors[0].message).toMatch(/not a known trigger type/);
  });

  it('refuses negative and non-integer prices', () => {
    expect(pathsOf(withChange((d) => (d.outcomes[0].price = -1)))).toEqual(['outcomes[0].price']);
    expect(pathsOf(withChange((d) => (d.outcomes[2].price = 100.5)))).toEqual(['outcomes[2].price']);
    expect(pathsOf(withChange((d) => (d.outcomes[2].price = '100')))).toEqual(['outcomes[2].price']);
  });

  it('refuses duplicate outcome codes', () => {
    expect(pathsOf(withChange((d) => (d.outcomes[2].code = 'JOB_START')))).toEqual(['outcomes[2].code']);
  });

  it('refuses an end before the start and invalid dates', () => {
    expect(pathsOf(withChange((d) => (d.period.end = '2018-08-31')))).toEqual(['period.end']);
    expect(pathsOf(withChange((d) => (d.period.start = '2018-02-30')))).toEqual(['period.start']);
    expect(pathsOf(withChange((d) => (d.period.end = '31-12-2022')))).toEqual(['period.end']);
  });

  it('takes a period inside 1900-01-01..2999-12-31 only, naming period.start or period.end', () => {
    expect(PERIOD_RANGE).toEqual({ earliest: '1900-01-01', latest: '2999-12-31' });
    const period = (start: string, end: string) => validateContractDefinition(withChange((d) => (d.period = { start, end })));
    expect(period('1900-01-01', '2999-12-31').ok).toBe(true);
    expect(period('1900-01-01', '1900-01-01').ok).toBe(true);
    expect(period('2999-12-31', '2999-12-31').ok).toBe(true);
    const errors = errorsOf(withChange((d) => (d.period = { start: '1899-12-31', end: '3000-01-01' })));
    expect(errors).toEqual([
      { path: 'period.start', message: 'must lie between 1900-01-01 and 2999-12-31' },
      { path: 'period.end', message: 'must lie between 1900-01-01 and 2999-12-31' },
    ]);
    expect(pathsOf(withChange((d) => (d.period.start = '0001-01-01')))).toEqual(['period.start']);
    expect(pathsOf(withChange((d) => (d.period.end = '9999-12-31')))).toEqual(['period.end']);
  });

  it('bounds tailWeeks, evidenceGraceWeeks and horizonWeeks at 520 weeks and stageDays at 3640 days, naming the field', () => {
    expect([MAX_TERM_WEEKS, MAX_STAGE_DAYS]).toEqual([520, 3640]);
    const ok = (change: (d: Json) => void) => validateContractDefinition(withChange(change)).ok;
    expect(ok((d) => (d.termination = { method: 'tailPeriod', tailWeeks: 520, evidenceGraceWeeks: 520 }))).toBe(true);
    expect(ok((d) => Object.assign(d.termination, { horizonWeeks: 520, evidenceGraceWeeks: 520, stageDays: [0, 30, 3640] }))).toBe(true);
    expect(errorsOf(withChange((d) => (d.termination = { method: 'tailPeriod', tailWeeks: 521 })))).toEqual([
      { path: 'termination.tailWeeks', message: 'must be at most 520' },
    ]);
    expect(pathsOf(withChange((d) => (d.termination = { method: 'tailPeriod', tailWeeks: 416000 })))).toEqual(['termination.tailWeeks']);
    expect(pathsOf(withChange((d) => (d.termination = { method: 'tailPeriod', tailWeeks: 26, evidenceGraceWeeks: 521 })))).toEqual([
      'termination.evidenceGraceWeeks',
    ]);
    expect(pathsOf(withChange((d) => (d.termination.evidenceGraceWeeks = 1_000_000_000)))).toEqual(['termination.evidenceGraceWeeks']);
    expect(pathsOf(withChange((d) => (d.termination.horizonWeeks = 521)))).toEqual(['termination.horizonWeeks']);
    expect(pathsOf(withChange((d) => (d.termination.stageDays = [0, 30, 3641])))).toEqual(['termination.stageDays[2]']);
    // Terms given at a termination are held to the same bounds.
    expect(validateTerminationTerms({ method: 'tailPeriod', tailWeeks: 520, evidenceGraceWeeks: 520 }, []).ok).toBe(true);
    const atTermination = validateTerminationTerms({ method: 'tailPeriod', tailWeeks: 521, evidenceGraceWeeks: 1_000_000_000 }, []);
    expect(atTermination.ok ? [] : atTermination.errors.map((e) => e.path)).toEqual(['termination.tailWeeks', 'termination.evidenceGraceWeeks']);
  });

  it('refuses a participant cap below a price, and a total cap below the participant cap', () => {
    const errors = errorsOf(withChange((d) => (d.caps.perParticipant = 2500000)));
    expect(errors.map((e) => e.path)).toEqual(['caps.perParticipant', 'caps.perParticipant']);
    expect(errors[0].message).toMatch(/JOB_13W/);
    expect(pathsOf(withChange((d) => (d.caps.total = 10000000)))).toEqual(['caps.total']);
  });

  it('accepts a contract without caps, with caps {}, or with only one of them; an absent cap is not filled in', () => {
    const capsOf = (input: unknown) => {
      const result = validateContractDefinition(input);
      if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
      return result.value.caps;
    };
    expect(capsOf(withChange((d) => delete d.caps))).toEqual({});
    expect(capsOf(withChange((d) => (d.caps = {})))).toEqual({});
    expect(capsOf(withChange((d) => delete d.caps.total))).toEqual({ perParticipant: 11000000 });
    expect(capsOf(withChange((d) => delete d.caps.perParticipant))).toEqual({ total: 600000000 });
  });

  it('checks a cap only when it is there: a lone participant cap or a lone total cap below a price is refused', () => {
    const lonePerParticipant = errorsOf(withChange((d) => (d.caps = { perParticipant: 2500000 })));
    expect(lonePerParticipant.map((e) => e.path)).toEqual(['caps.perParticipant', 'caps.perParticipant']);
    const loneTotal = errorsOf(withChange((d) => (d.caps = { total: 5000000 })));
    expect(loneTotal).toEqual([{ path: 'caps.total', message: 'must not be below the price of SELF_SUPPORT_26W (6000000)' }]);
    expect(pathsOf(withChange((d) => (d.caps = { total: -1 })))).toEqual(['caps.total']);
    expect(pathsOf(withChange((d) => (d.caps = { perParticipant: null })))).toEqual(['caps.perParticipant']);
    expect(pathsOf(withChange((d) => (d.caps = 5)))).toEqual(['caps']);
  });

  it('refuses maxPerParticipant < 1 and weeks < 1', () => {
    expect(pathsOf(withChange((d) => (d.outcomes[0].maxPerParticipant = 0)))).toEqual(['outcomes[0].maxPerParticipant']);
    expect(pathsOf(withChange((d) => (d.outcomes[1].trigger.weeks = 0)))).toEqual(['outcomes[1].trigger.weeks']);
    expect(pathsOf(withChange((d) => (d.outcomes[2].trigger.weeks = 2.5)))).toEqual(['outcomes[2].trigger.weeks']);
  });

  it('refuses unknown and repeated kinds, and an empty kinds list', () => {
    expect(pathsOf(withChange((d) => (d.outcomes[0].trigger.kinds = ['ordinary', 'apprentice'])))).toEqual(['outcomes[0].trigger.kinds[1]']);
    expect(pathsOf(withChange((d) => (d.outcomes[0].trigger.kinds = ['ordinary', 'ordinary'])))).toEqual(['outcomes[0].trigger.kinds[1]']);
    expect(pathsOf(withChange((d) => (d.outcomes[0].trigger.kinds = [])))).toEqual(['outcomes[0].trigger.kinds']);
  });

  it('refuses missing trigger options and negative hours', () => {
    expect(pathsOf(withChange((d) => delete d.outcomes[1].trigger.continuous))).toEqual(['outcomes[1].trigger.continuous']);
    expect(pathsOf(withChange((d) => delete d.outcomes[2].trigger.consecutive))).toEqual(['outcomes[2].trigger.consecutive']);
    expect(pathsOf(withChange((d) => (d.outcomes[0].trigger.minHoursPerWeek = -4)))).toEqual(['outcomes[0].trigger.minHoursPerWeek']);
  });

  it('refuses bad rate fractions', () => {
    expect(pathsOf(withChange((d) => (d.termination.fallbackRate = '5/4')))).toEqual(['termination.fallbackRate']);
    expect(pathsOf(withChange((d) => (d.termination.fallbackRate = '1/0')))).toEqual(['termination.fallbackRate']);
    expect(pathsOf(withChange((d) => (d.termination.fallbackRate = 0.25)))).toEqual(['termination.fallbackRate']);
    expect(pathsOf(withChange((d) => (d.termination.rates = { JOB_13W: { '30': '-1/2' } })))).toEqual(['termination.rates.JOB_13W.30']);
    expect(pathsOf(withChange((d) => (d.termination.rates = { NOPE: { '0': '1/2' } })))).toEqual(['termination.rates.NOPE']);
    expect(pathsOf(withChange((d) => (d.termination.rates = { JOB_13W: { '45': '1/2' } })))).toEqual(['termination.rates.JOB_13W.45']);
    expect(pathsOf(withChange((d) => (d.termination.rates = 'guessed')))).toEqual(['termination.rates']);
  });

  it('accepts the rates "kaplanMeier", in a definition and in termination terms, and names both estimators when refusing', () => {
    const result = validateContractDefinition(withChange((d) => (d.termination.rates = 'kaplanMeier')));
    expect(result.ok && result.value.termination).toMatchObject({ method: 'expectedValue', rates: 'kaplanMeier' });
    const terms = validateTerminationTerms(
      { method: 'expectedValue', horizonWeeks: 26, rates: 'kaplanMeier', minSample: 5, fallbackRate: '1/3', stageDays: [0, 30] },
      ['JOB_13W'],
    );
    expect(terms).toEqual({
      ok: true,
      value: { method: 'expectedValue', horizonWeeks: 26, rates: 'kaplanMeier', minSample: 5, fallbackRate: '1/3', stageDays: [0, 30], evidenceGraceWeeks: 9 },
    });
    for (const rates of ['KaplanMeier', 'kaplan-meier', null, ['kaplanMeier']]) {
      expect(errorsOf(withChange((d) => (d.termination.rates = rates)))).toEqual([
        { path: 'termination.rates', message: 'must be "estimated", "kaplanMeier" or a table { OUTCOME: { stage: "p/q" } }' },
      ]);
    }
  });

  it('refuses stageDays not starting at 0 or not increasing', () => {
    expect(pathsOf(withChange((d) => (d.termination.stageDays = [10, 30])))).toEqual(['termination.stageDays[0]']);
    expect(pathsOf(withChange((d) => (d.termination.stageDays = [0, 60, 30])))).toEqual(['termination.stageDays[2]']);
    expect(pathsOf(withChange((d) => (d.termination.stageDays = [0, 30, 30])))).toEqual(['termination.stageDays[2]']);
    expect(pathsOf(withChange((d) => (d.termination.stageDays = [])))).toEqual(['termination.stageDays']);
  });

  it('refuses unknown termination methods and bad termination numbers', () => {
    expect(pathsOf(withChange((d) => (d.termination = { method: 'coinToss' })))).toEqual(['termination.method']);
    expect(pathsOf(withChange((d) => (d.termination = { method: 'tailPeriod', tailWeeks: -1 })))).toEqual(['termination.tailWeeks']);
    expect(pathsOf(withChange((d) => (d.termination.horizonWeeks = 0)))).toEqual(['termination.horizonWeeks']);
    expect(pathsOf(withChange((d) => (d.termination.minSample = 0)))).toEqual(['termination.minSample']);
    expect(pathsOf(withChange((d) => (d.termination.evidenceGraceWeeks = -1)))).toEqual(['termination.evidenceGraceWeeks']);
  });

  it('refuses a bad currency and contractId shape', () => {
    expect(pathsOf(withChange((d) => (d.currency = 'dkk')))).toEqual(['currency']);
    expect(pathsOf(withChange((d) => (d.currency = 'DKKR')))).toEqual(['currency']);
    expect(pathsOf(withChange((d) => (d.contractId = 'Aalborg_IMPACT60')))).toEqual(['contractId']);
    expect(pathsOf(withChange((d) => (d.contractId = 'ab')))).toEqual(['contractId']);
    expect(pathsOf(withChange((d) => (d.contractId = 'a'.repeat(65))))).toEqual(['contractId']);
  });

  it('bounds the title at 200 characters, and says so', () => {
    expect(validateContractDefinition(withChange((d) => (d.title = 'x'.repeat(200)))).ok).toBe(true);
    const errors = errorsOf(withChange((d) => (d.title = 'x'.repeat(201))));
    expect(errors).toEqual([{ path: 'title', message: 'must be at most 200 characters' }]);
    expect(pathsOf(withChange((d) => (d.title = 'x'.repeat(200 * 1024))))).toEqual(['title']);
  });

  it('takes only ISO 4217 currencies in use: no X-code that names no money, no made-up or withdrawn code', () => {
    for (const currency of ['DKK', 'EUR', 'SEK', 'NOK', 'ISK', 'XOF']) {
      expect({ currency, ok: validateContractDefinition(withChange((d) => (d.currency = currency))).ok }).toEqual({ currency, ok: true });
    }
    for (const currency of ['XXX', 'XTS', 'XAU', 'XDR', 'QQQ', 'DEM', 'ABC']) {
      expect({ currency, paths: pathsOf(withChange((d) => (d.currency = currency))) }).toEqual({ currency, paths: ['currency'] });
    }
  });

  it('refuses a CPR number in the contractId, the title, a party or an outcome code, without repeating it', () => {
    const cases: Array<[string, (d: Json) => void]> = [
      ['contractId', (d) => (d.contractId = '070190-1234')],
      ['contractId', (d) => (d.contractId = 'impact-0701901234')],
      ['title', (d) => (d.title = 'IMPACT60 for 070190-1234')],
      ['title', (d) => (d.title = 'IMPACT60 for 670190-1234')], // a replacement number: day + 60
      ['parties.provider', (d) => (d.parties.provider = 'fokus-0701901234')],
      ['outcomes[0].code', (d) => (d.outcomes[0].code = 'JOB_0701901234')],
    ];
    for (const [path, change] of cases) {
      const errors = errorsOf(withChange(change));
      expect(errors).toEqual([{ path, message: 'must not contain a CPR number' }]);
    }
  });

  it('refuses unknown fields (a misspelt field must not be silently ignored)', () => {
    expect(pathsOf(withChange((d) => (d.outcomes[0].maxPerParticipants = 2)))).toEqual(['outcomes[0].maxPerParticipants']);
    expect(pathsOf(withChange((d) => (d.caps.perPerson = 1)))).toEqual(['caps.perPerson']);
  });

  it('reports every problem, each with its own path', () => {
    const paths = pathsOf(
      withChange((d) => {
        d.outcomes[0].price = -5;
        d.outcomes[1].trigger.type = 'unknown';
        d.period.end = '2017-01-01';
        d.currency = 'kr';
        delete d.title;
        d.targetParticipants = 0;
      }),
    );
    expect(paths.sort()).toEqual(['currency', 'outcomes[0].price', 'outcomes[1].trigger.type', 'period.end', 'targetParticipants', 'title'].sort());
  });
});
