import { noContractInStream } from '../contract/contract-not-found.js';
import {
  evidenceGraceWeeksOf,
  MAX_TERM_WEEKS,
  RATE_ESTIMATORS,
  type ContractDefinition,
  type RateEstimator,
  type TerminationMethod,
  type TerminationTerms,
} from '../contract/contract-definition.js';
import { validateTerminationTerms } from '../contract/contract-definition.validator.js';
import { requireDate } from './command-fields.js';
import { asRecorded } from './contract.events.js';
import { evolve } from './contract.evolve.js';
import { cloneContractState, type ContractState } from './contract.state.js';
import { insidePeriod } from './handlers/guards.js';
import { terminationEvents } from './handlers/termination.handlers.js';
import { isFraction } from '../money/fraction.js';
import { DomainError } from '../shared/domain.error.js';
import { FieldChecks } from '../shared/field-checks.js';
import { isIsoInstant } from '../time/instant.js';
import { computeSettlement } from '../settlement/compute-settlement.js';
import type { Settlement } from '../settlement/settlement.js';

/** Changes to the contract's termination terms, for a what-if (the parties may agree other terms at a termination). */
export interface WhatIfOverrides {
  /**
   * The other method, by name or as full terms. By name, `tailPeriod` on a contract whose terms are
   * expectedValue takes `tailWeeks` (default: the contract's horizonWeeks) and the contract's
   * evidence grace; `expectedValue` on a tailPeriod contract needs full terms (there are no rates
   * or stages to take).
   */
  method?: TerminationMethod | TerminationTerms;
  /** expectedValue only. */
  horizonWeeks?: number;
  /** expectedValue only: "p/q". */
  fallbackRate?: string;
  /** expectedValue only: estimate the rates from the contract's history this way, instead of its terms' rates (an agreed table too). */
  rates?: RateEstimator;
  /** tailPeriod only. */
  tailWeeks?: number;
}

export interface WhatIfOptions {
  /** The effective date T to settle at: inside the contract period. */
  terminatedOn: string;
  /** The current instant (ISO-8601 with a zone). */
  now: string;
  overrides?: WhatIfOverrides;
}

const OVERRIDE_FIELDS = ['method', 'horizonWeeks', 'fallbackRate', 'rates', 'tailWeeks'] as const;

/**
 * The settlement as if a termination effective on `terminatedOn` were recorded now, for a contract
 * not terminated: the domain's own decision on a copy of the state (so occurrences achieved after
 * T are reversed exactly as a real termination would), then computeSettlement. Nothing is
 * recorded and the state is not changed. `computedAtVersion` is the state's version: the facts it
 * was computed from.
 */
export function whatIfSettlement(state: ContractState, options: WhatIfOptions): Settlement {
  const definition = state.definition;
  if (state.status === 'unregistered' || definition === null) {
    throw noContractInStream();
  }
  if (state.termination !== null) {
    throw new DomainError(
      'conflict',
      'contract-terminated',
      'The contract has been terminated: its settlement is computed from the termination, not as a what-if.',
    );
  }
  const terminatedOn = requireDate(options.terminatedOn, 'terminatedOn');
  insidePeriod(state, terminatedOn, 'terminatedOn');
  const terms = whatIfTerms(definition, options.overrides);
  if (!isIsoInstant(options.now)) throw new DomainError('invalid', 'invalid-field', 'now must be an ISO-8601 instant with a zone.', { field: 'now' });

  const scratch = cloneContractState(state);
  // A what-if supposes that both parties agreed the terms it settles under: the termination itself, as the rules decide it.
  const nextVersion = state.version + 1;
  const events = terminationEvents({ state: scratch, nextVersion, now: options.now }, { effectiveOn: terminatedOn, reason: 'what-if settlement', terms });
  events.forEach((event, i) => evolve(scratch, asRecorded(event, nextVersion + i, options.now)));
  return { ...computeSettlement(scratch, { now: options.now }), computedAtVersion: state.version };
}

/** The termination terms a what-if settles under: the contract's, with the overrides applied. */
export function whatIfTerms(definition: ContractDefinition, overrides: WhatIfOverrides | undefined): TerminationTerms {
  if (overrides === undefined) return definition.termination;
  const checks = new FieldChecks();
  const input = checks.record(overrides, 'overrides');
  if (input === undefined) throw refused(checks);
  checks.onlyKnownKeys(input, OVERRIDE_FIELDS, 'overrides');
  let terms = baseTerms(definition, input.method);

  if (input.horizonWeeks !== undefined) {
    const horizonWeeks = checks.integer(input.horizonWeeks, 'overrides.horizonWeeks', 1, MAX_TERM_WEEKS);
    if (terms.method !== 'expectedValue') checks.fail('overrides.horizonWeeks', 'applies only to the expectedValue method');
    else if (horizonWeeks !== undefined) terms = { ...terms, horizonWeeks };
  }
  if (input.fallbackRate !== undefined) {
    if (!isFraction(input.fallbackRate)) checks.fail('overrides.fallbackRate', 'must be a rate "p/q" with whole numbers 0 <= p <= q and q > 0');
    else if (terms.method !== 'expectedValue') checks.fail('overrides.fallbackRate', 'applies only to the expectedValue method');
    else terms = { ...terms, fallbackRate: input.fallbackRate };
  }
  if (input.rates !== undefined) {
    if (!RATE_ESTIMATORS.includes(input.rates as RateEstimator)) checks.fail('overrides.rates', `must be ${RATE_ESTIMATORS.map((r) => `"${r}"`).join(' or ')}`);
    else if (terms.method !== 'expectedValue') checks.fail('overrides.rates', 'applies only to the expectedValue method');
    else terms = { ...terms, rates: input.rates as RateEstimator };
  }
  if (input.tailWeeks !== undefined) {
    const tailWeeks = checks.integer(input.tailWeeks, 'overrides.tailWeeks', 0, MAX_TERM_WEEKS);
    if (terms.method !== 'tailPeriod') checks.fail('overrides.tailWeeks', 'applies only to the tailPeriod method');
    else if (tailWeeks !== undefined) terms = { ...terms, tailWeeks };
  }
  if (checks.errors.length > 0) throw refused(checks);
  return terms;
}

function baseTerms(definition: ContractDefinition, method: unknown): TerminationTerms {
  const own = definition.termination;
  if (method === undefined || method === own.method) return own;
  if (method === 'tailPeriod' && own.method === 'expectedValue') {
    return { method: 'tailPeriod', tailWeeks: own.horizonWeeks, evidenceGraceWeeks: evidenceGraceWeeksOf(own) };
  }
  if (method === 'expectedValue') {
    throw new DomainError(
      'invalid',
      'invalid-termination-method',
      'The contract defines no expectedValue terms (rates, stages, sample size); give them in full.',
      {
        field: 'overrides.method',
      },
    );
  }
  if (method === null || typeof method !== 'object') {
    throw new DomainError('invalid', 'invalid-termination-method', 'overrides.method must be expectedValue, tailPeriod or the terms in full.', {
      field: 'overrides.method',
    });
  }
  const result = validateTerminationTerms(
    method,
    definition.outcomes.map((o) => o.code),
  );
  if (!result.ok) {
    const details = result.errors.map((e) => ({ ...e, path: e.path.replace(/^termination/, 'overrides.method') }));
    throw new DomainError(
      'invalid',
      'invalid-termination-method',
      `The termination terms are inconsistent: ${details.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      {
        field: 'overrides.method',
        details,
      },
    );
  }
  return result.value;
}

function refused(checks: FieldChecks): DomainError {
  const [first] = checks.errors;
  return new DomainError('invalid', 'invalid-field', checks.errors.map((e) => `${e.path} ${e.message}`).join('; '), {
    field: first.path,
    details: checks.errors,
  });
}
