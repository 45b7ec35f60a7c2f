import { FieldChecks, index, join } from '../shared/field-checks.js';
import type { ValidationResult } from '../shared/validation-error.js';
import { isCurrencyCode } from '../money/currency.js';
import { parseFraction } from '../money/fraction.js';
import { compareDates, isCivilDate } from '../time/civil-date.js';
import { triggerRegistry, type TriggerDefinition } from '../verification/triggers/trigger.registry.js';
import {
  DEFAULT_EVIDENCE_GRACE_WEEKS,
  MAX_STAGE_DAYS,
  MAX_TERM_WEEKS,
  PERIOD_RANGE,
  RATE_ESTIMATORS,
  TERMINATION_METHODS,
  type ContractCaps,
  type ContractDefinition,
  type ContractParties,
  type ContractPeriod,
  type OutcomeDefinition,
  type RateEstimator,
  type RatesTable,
  type TerminationTerms,
} from './contract-definition.js';

export const CONTRACT_ID_PATTERN = /^[a-z0-9-]{3,64}$/;
/** CONTRACT_ID_PATTERN in words, for the answers that refuse an id. */
export const CONTRACT_ID_SHAPE = '3 to 64 lowercase letters, digits or dashes';
export const OUTCOME_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export const MAX_TITLE_LENGTH = 200;
/** A party's id in a definition's `parties` (`aalborg-kommune`); a principal's party has this shape too. */
export const PARTY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,127}$/;
/** PARTY_PATTERN in words. */
export const PARTY_SHAPE = 'an identifier of 1 to 128 lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit';

/**
 * Checks an untrusted contract definition (§4) and returns a clean copy, or every problem found,
 * each with its JSON path. Unknown fields are refused; texts are bounded (the title at
 * MAX_TITLE_LENGTH characters, ids and codes by their patterns) and hold no CPR number; the
 * currency is an ISO 4217 code in use; the period lies in PERIOD_RANGE and durations are at most
 * MAX_TERM_WEEKS (stages MAX_STAGE_DAYS), also in terms given at a termination. `evidenceGraceWeeks` is filled in with its default (9) so
 * the recorded definition states the terms explicitly, and absent `caps` is recorded as `{}`.
 */
export function validateContractDefinition(input: unknown): ValidationResult<ContractDefinition> {
  const checks = new FieldChecks();
  const root = checks.record(input, '');
  if (root === undefined) return { ok: false, errors: checks.errors };
  checks.onlyKnownKeys(root, ['contractId', 'title', 'currency', 'parties', 'period', 'targetParticipants', 'outcomes', 'caps', 'termination'], '');

  const contractId = checks.pattern(root.contractId, 'contractId', CONTRACT_ID_PATTERN, CONTRACT_ID_SHAPE);
  const title = checks.string(root.title, 'title', MAX_TITLE_LENGTH);
  const currency = validateCurrency(root.currency, checks);
  const parties = validateParties(root.parties, checks);
  const period = validatePeriod(root.period, checks);
  const targetParticipants = checks.integer(root.targetParticipants, 'targetParticipants', 1);
  const outcomes = validateOutcomes(root.outcomes, checks);
  const caps = validateCaps(root.caps, outcomes?.readable, checks);
  const termination = validateTermination(root.termination, 'termination', outcomes?.readable, checks);

  if (
    checks.errors.length > 0 ||
    contractId === undefined ||
    title === undefined ||
    currency === undefined ||
    parties === undefined ||
    period === undefined ||
    targetParticipants === undefined ||
    outcomes?.values === undefined ||
    caps === undefined ||
    termination === undefined
  ) {
    return { ok: false, errors: checks.errors };
  }
  return {
    ok: true,
    value: { contractId, title, currency, parties, period, targetParticipants, outcomes: outcomes.values, caps, termination },
  };
}

/** Validates termination terms on their own (a termination may override the contract's). */
export function validateTerminationTerms(input: unknown, outcomeCodes: readonly string[]): ValidationResult<TerminationTerms> {
  const checks = new FieldChecks();
  const value = validateTermination(
    input,
    'termination',
    outcomeCodes.map((code) => ({ code })),
    checks,
  );
  if (value === undefined || checks.errors.length > 0) return { ok: false, errors: checks.errors };
  return { ok: true, value };
}

function validateCurrency(input: unknown, checks: FieldChecks): string | undefined {
  const code = checks.pattern(input, 'currency', CURRENCY_PATTERN, 'a currency code of 3 uppercase letters, e.g. DKK');
  if (code === undefined) return undefined;
  if (!isCurrencyCode(code)) return checks.fail('currency', 'must be the ISO 4217 code of a currency in use, e.g. DKK or EUR');
  return code;
}

function validateParties(input: unknown, checks: FieldChecks): ContractParties | undefined {
  const obj = checks.record(input, 'parties');
  if (obj === undefined) return undefined;
  checks.onlyKnownKeys(obj, ['commissioner', 'investor', 'provider'], 'parties');
  const commissioner = checks.pattern(obj.commissioner, 'parties.commissioner', PARTY_PATTERN, PARTY_SHAPE);
  const investor = checks.pattern(obj.investor, 'parties.investor', PARTY_PATTERN, PARTY_SHAPE);
  const provider = checks.pattern(obj.provider, 'parties.provider', PARTY_PATTERN, PARTY_SHAPE);
  if (commissioner === undefined || investor === undefined || provider === undefined) return undefined;
  return { commissioner, investor, provider };
}

function validatePeriod(input: unknown, checks: FieldChecks): ContractPeriod | undefined {
  const obj = checks.record(input, 'period');
  if (obj === undefined) return undefined;
  checks.onlyKnownKeys(obj, ['start', 'end'], 'period');
  const start = periodDate(obj.start, 'period.start', checks);
  const end = periodDate(obj.end, 'period.end', checks);
  if (start === undefined || end === undefined) return undefined;
  if (compareDates(end, start) < 0) return checks.fail('period.end', 'must not be before period.start');
  return { start, end };
}

/** A date of the period: a calendar date inside PERIOD_RANGE. */
function periodDate(value: unknown, path: string, checks: FieldChecks): string | undefined {
  if (value === undefined) return checks.fail(path, 'is required');
  if (!isCivilDate(value)) return checks.fail(path, 'must be a calendar date in YYYY-MM-DD form');
  if (compareDates(value, PERIOD_RANGE.earliest) < 0 || compareDates(value, PERIOD_RANGE.latest) > 0) {
    return checks.fail(path, `must lie between ${PERIOD_RANGE.earliest} and ${PERIOD_RANGE.latest}`);
  }
  return value;
}

/** What could be read of each outcome: codes and prices feed the cross-checks of caps and rates. */
interface CheckedOutcomes {
  readable: { code: string; price?: number }[];
  /** Present only when every outcome is valid. */
  values?: OutcomeDefinition[];
}

function validateOutcomes(input: unknown, checks: FieldChecks): CheckedOutcomes | undefined {
  const list = checks.array(input, 'outcomes');
  if (list === undefined) return undefined;
  if (list.length === 0) return checks.fail('outcomes', 'must define at least one outcome');
  const seen = new Set<string>();
  const readable: { code: string; price?: number }[] = [];
  const values: OutcomeDefinition[] = [];
  list.forEach((item, i) => {
    const path = index('outcomes', i);
    const obj = checks.record(item, path);
    if (obj === undefined) return;
    checks.onlyKnownKeys(obj, ['code', 'trigger', 'price', 'maxPerParticipant'], path);
    const code = checks.pattern(
      obj.code,
      join(path, 'code'),
      OUTCOME_CODE_PATTERN,
      'an uppercase code of letters, digits and underscores, starting with a letter',
    );
    if (code !== undefined && seen.has(code)) checks.fail(join(path, 'code'), `duplicates the outcome code ${code}`);
    const trigger = validateTrigger(obj.trigger, join(path, 'trigger'), checks);
    const price = checks.integer(obj.price, join(path, 'price'), 0);
    const maxPerParticipant = checks.integer(obj.maxPerParticipant, join(path, 'maxPerParticipant'), 1);
    if (code === undefined) return;
    seen.add(code);
    readable.push(price === undefined ? { code } : { code, price });
    if (trigger !== undefined && price !== undefined && maxPerParticipant !== undefined) {
      values.push({ code, trigger, price, maxPerParticipant });
    }
  });
  return values.length === list.length ? { readable, values } : { readable };
}

function validateTrigger(input: unknown, path: string, checks: FieldChecks): TriggerDefinition | undefined {
  const obj = checks.record(input, path);
  if (obj === undefined) return undefined;
  if (obj.type === undefined) return checks.fail(join(path, 'type'), 'is required');
  const type = typeof obj.type === 'string' ? triggerRegistry.get(obj.type) : undefined;
  if (type === undefined) {
    return checks.fail(join(path, 'type'), `is not a known trigger type (${[...triggerRegistry.keys()].join(', ')})`);
  }
  return type.validate(obj, path, checks);
}

function validateCaps(input: unknown, outcomes: { code: string; price?: number }[] | undefined, checks: FieldChecks): ContractCaps | undefined {
  if (input === undefined) return {};
  const obj = checks.record(input, 'caps');
  if (obj === undefined) return undefined;
  checks.onlyKnownKeys(obj, ['perParticipant', 'total'], 'caps');
  const perParticipant = obj.perParticipant === undefined ? undefined : checks.integer(obj.perParticipant, 'caps.perParticipant', 0);
  const total = obj.total === undefined ? undefined : checks.integer(obj.total, 'caps.total', 0);
  // The tightest cap present must leave room for every price (total >= perParticipant covers the total).
  const tightest = perParticipant !== undefined ? 'caps.perParticipant' : 'caps.total';
  const tightestValue = perParticipant ?? total;
  if (tightestValue !== undefined) {
    for (const outcome of outcomes ?? []) {
      if (outcome.price !== undefined && tightestValue < outcome.price) {
        checks.fail(tightest, `must not be below the price of ${outcome.code} (${outcome.price})`);
      }
    }
  }
  if (perParticipant !== undefined && total !== undefined && total < perParticipant) {
    checks.fail('caps.total', 'must not be below caps.perParticipant');
  }
  if ((obj.perParticipant !== undefined && perParticipant === undefined) || (obj.total !== undefined && total === undefined)) return undefined;
  return { ...(perParticipant !== undefined ? { perParticipant } : {}), ...(total !== undefined ? { total } : {}) };
}

function validateTermination(input: unknown, path: string, outcomes: { code: string }[] | undefined, checks: FieldChecks): TerminationTerms | undefined {
  const obj = checks.record(input, path);
  if (obj === undefined) return undefined;
  const graceValue = obj.evidenceGraceWeeks === undefined ? DEFAULT_EVIDENCE_GRACE_WEEKS : obj.evidenceGraceWeeks;
  if (obj.method === 'tailPeriod') {
    checks.onlyKnownKeys(obj, ['method', 'tailWeeks', 'evidenceGraceWeeks'], path);
    const tailWeeks = checks.integer(obj.tailWeeks, join(path, 'tailWeeks'), 0, MAX_TERM_WEEKS);
    const evidenceGraceWeeks = checks.integer(graceValue, join(path, 'evidenceGraceWeeks'), 0, MAX_TERM_WEEKS);
    if (tailWeeks === undefined || evidenceGraceWeeks === undefined) return undefined;
    return { method: 'tailPeriod', tailWeeks, evidenceGraceWeeks };
  }
  if (obj.method === 'expectedValue') {
    checks.onlyKnownKeys(obj, ['method', 'horizonWeeks', 'rates', 'minSample', 'fallbackRate', 'stageDays', 'evidenceGraceWeeks'], path);
    const horizonWeeks = checks.integer(obj.horizonWeeks, join(path, 'horizonWeeks'), 1, MAX_TERM_WEEKS);
    const minSample = checks.integer(obj.minSample, join(path, 'minSample'), 1);
    const fallbackRate = fraction(obj.fallbackRate, join(path, 'fallbackRate'), checks);
    const stageDays = validateStageDays(obj.stageDays, join(path, 'stageDays'), checks);
    const rates = validateRates(obj.rates, join(path, 'rates'), outcomes, stageDays, checks);
    const evidenceGraceWeeks = checks.integer(graceValue, join(path, 'evidenceGraceWeeks'), 0, MAX_TERM_WEEKS);
    if (
      horizonWeeks === undefined ||
      minSample === undefined ||
      fallbackRate === undefined ||
      stageDays === undefined ||
      rates === undefined ||
      evidenceGraceWeeks === undefined
    ) {
      return undefined;
    }
    return { method: 'expectedValue', horizonWeeks, rates, minSample, fallbackRate, stageDays, evidenceGraceWeeks };
  }
  if (obj.method === undefined) return checks.fail(join(path, 'method'), 'is required');
  return checks.fail(join(path, 'method'), `is not a known termination method (${TERMINATION_METHODS.join(', ')})`);
}

function fraction(value: unknown, path: string, checks: FieldChecks): string | undefined {
  if (value === undefined) return checks.fail(path, 'is required');
  if (parseFraction(value) === undefined) return checks.fail(path, 'must be a rate "p/q" with whole numbers 0 <= p <= q and q > 0');
  return value as string;
}

function validateStageDays(input: unknown, path: string, checks: FieldChecks): number[] | undefined {
  const list = checks.array(input, path);
  if (list === undefined) return undefined;
  if (list.length === 0) return checks.fail(path, 'must list at least the stage 0');
  const days: number[] = [];
  let ok = true;
  list.forEach((value, i) => {
    const day = checks.integer(value, index(path, i), 0, MAX_STAGE_DAYS);
    if (day === undefined) ok = false;
    else if (i === 0 && day !== 0) {
      checks.fail(index(path, 0), 'must be 0 (the first stage starts at no progress)');
      ok = false;
    } else if (i > 0 && days.length === i && day <= days[i - 1]) {
      checks.fail(index(path, i), 'must be greater than the stage before it');
      ok = false;
    }
    days.push(day ?? NaN);
  });
  return ok ? days : undefined;
}

function validateRates(
  input: unknown,
  path: string,
  outcomes: { code: string }[] | undefined,
  stageDays: number[] | undefined,
  checks: FieldChecks,
): RateEstimator | RatesTable | undefined {
  if (RATE_ESTIMATORS.includes(input as RateEstimator)) return input as RateEstimator;
  if (input === undefined) return checks.fail(path, 'is required');
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return checks.fail(path, 'must be "estimated", "kaplanMeier" or a table { OUTCOME: { stage: "p/q" } }');
  }
  const table: RatesTable = {};
  let ok = true;
  for (const [code, stages] of Object.entries(input as Record<string, unknown>)) {
    const codePath = join(path, code);
    if (outcomes !== undefined && !outcomes.some((o) => o.code === code)) {
      checks.fail(codePath, 'is not an outcome code of this contract');
      ok = false;
      continue;
    }
    const stageObj = checks.record(stages, codePath);
    if (stageObj === undefined) {
      ok = false;
      continue;
    }
    table[code] = {};
    for (const [stage, rate] of Object.entries(stageObj)) {
      const stagePath = join(codePath, stage);
      if (!/^(0|[1-9]\d*)$/.test(stage) || (stageDays !== undefined && !stageDays.includes(Number(stage)))) {
        checks.fail(stagePath, 'is not one of the stageDays');
        ok = false;
        continue;
      }
      const value = fraction(rate, stagePath, checks);
      if (value === undefined) ok = false;
      else table[code][stage] = value;
    }
  }
  return ok ? table : undefined;
}
