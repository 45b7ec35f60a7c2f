import { TERMINATION_METHODS, type ContractDefinition, type TerminationTerms } from '../../contract/contract-definition.js';
import { validateContractDefinition, validateTerminationTerms } from '../../contract/contract-definition.validator.js';
import { contractWindow } from '../../contract/contract-window.js';
import { sameJson } from '../../shared/canonical-json.js';
import { DomainError } from '../../shared/domain.error.js';
import type { ValidationError } from '../../shared/validation-error.js';
import { requireDate, requireText } from '../command-fields.js';
import type { CommandData } from '../contract.commands.js';
import { REVERSAL_REASONS, type ContractEvent, type TerminationMethodAgreement } from '../contract.events.js';
import { deriveOutcomes } from '../outcome-derivation.js';
import type { Decision } from './decision.js';
import { registered, terminated } from './guards.js';

// The contract's own life: registration, activation, amendment, termination (docs/rules.md §4, §7).

export function registerContract(decision: Decision, data: CommandData<'RegisterContract'>): ContractEvent[] {
  const definition = validDefinition(data.definition);
  const { state } = decision;
  if (state.status !== 'unregistered') {
    if (state.terms.length > 0 && sameJson(state.terms[0].definition, definition)) return [];
    throw new DomainError('conflict', 'contract-already-registered', `Contract ${state.contractId} is already registered.`);
  }
  return [{ type: 'ContractRegistered', data: { contractId: definition.contractId, definition } }];
}

export function activateContract(decision: Decision, data: CommandData<'ActivateContract'>): ContractEvent[] {
  const state = registered(decision.state);
  const activatedOn = requireDate(data.activatedOn, 'activatedOn');
  if (state.status === 'terminated') throw terminated();
  if (state.status === 'active') {
    if (state.activatedOn === activatedOn) return [];
    throw new DomainError('conflict', 'contract-already-active', 'The contract is already active.', { field: 'activatedOn' });
  }
  return [{ type: 'ContractActivated', data: { activatedOn } }];
}

export function amendContract(decision: Decision, data: CommandData<'AmendContract'>): ContractEvent[] {
  const state = registered(decision.state);
  if (state.status === 'terminated') throw terminated();
  const definition = validDefinition(data.definition);
  const reason = requireText(data.reason, 'reason');
  const current = state.definition!;
  if (definition.contractId !== current.contractId) {
    throw new DomainError('conflict', 'amendment-not-allowed', 'An amendment cannot change the contractId.', { field: 'definition.contractId' });
  }
  if (definition.currency !== current.currency) {
    throw new DomainError('conflict', 'amendment-not-allowed', 'An amendment cannot change the currency.', { field: 'definition.currency' });
  }
  if (sameJson(definition, current)) return [];
  const termsVersion = state.termsVersion + 1;
  const { reversals, verifications } = deriveOutcomes({
    state,
    contractId: current.contractId,
    definition,
    termsVersion,
    window: contractWindow(definition, null),
    subjects: [...state.participants.values()].map((p) => ({ participantId: p.participantId, facts: p.facts })),
    causePosition: decision.position,
    reversalReason: REVERSAL_REASONS.noLongerHolds,
  });
  if (reversals.length > 0) {
    throw new DomainError(
      'conflict', 'amendment-would-reverse',
      `The amendment would take back ${reversals.length} verified occurrence(s); amendments apply to later verifications only.`,
      { field: 'definition' },
    );
  }
  return [{ type: 'ContractAmended', data: { definition, reason, termsVersion } }, ...verifications];
}

export function terminateContract(decision: Decision, data: CommandData<'TerminateContract'>): ContractEvent[] {
  const state = registered(decision.state);
  const definition = state.definition!;
  const effectiveOn = requireDate(data.effectiveOn, 'effectiveOn');
  const reason = requireText(data.reason, 'reason');
  const terms = terminationTerms(definition, data.method);
  const methodAgreement = terminationAgreement(definition, data.agreement, !sameJson(terms, definition.termination));
  if (state.termination !== null) {
    if (state.termination.effectiveOn === effectiveOn && sameJson(state.termination.terms, terms)) return [];
    throw terminated();
  }
  if (effectiveOn < definition.period.start || effectiveOn > definition.period.end) {
    throw new DomainError('invalid', 'date-outside-contract', 'effectiveOn must lie inside the contract period.', { field: 'effectiveOn' });
  }
  const { reversals, verifications } = deriveOutcomes({
    state,
    contractId: definition.contractId,
    definition,
    termsVersion: state.termsVersion,
    window: contractWindow(definition, { effectiveOn, terms }),
    subjects: [...state.participants.values()].map((p) => ({ participantId: p.participantId, facts: p.facts })),
    causePosition: decision.position,
    reversalReason: REVERSAL_REASONS.afterTermination,
  });
  return [
    { type: 'ContractTerminated', data: { effectiveOn, reason, method: terms.method, terms, ...(methodAgreement === undefined ? {} : { methodAgreement }) } },
    ...reversals,
    ...verifications,
  ];
}

/**
 * Terms other than the contract's own need both parties' agreement (docs/rules.md §7): the
 * commissioner records the termination, naming the investor that agreed and where it is written.
 */
function terminationAgreement(definition: ContractDefinition, input: unknown, overridden: boolean): TerminationMethodAgreement | undefined {
  if (input === undefined || input === null) {
    if (!overridden) return undefined;
    throw new DomainError(
      'invalid', 'invalid-method-agreement',
      'The termination overrides the contract\'s settlement terms: give the investor\'s agreement (agreement.investor, agreement.reference).',
      { field: 'agreement' },
    );
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new DomainError('invalid', 'invalid-method-agreement', 'agreement must be an object { investor, reference }.', { field: 'agreement' });
  }
  const { investor, reference, ...rest } = input as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw new DomainError('invalid', 'invalid-method-agreement', 'agreement holds only investor and reference.', { field: 'agreement' });
  if (requireText(investor, 'agreement.investor') !== definition.parties.investor) {
    throw new DomainError('invalid', 'invalid-method-agreement', 'agreement.investor must be the contract\'s investor party.', { field: 'agreement.investor' });
  }
  return { investor: investor as string, reference: requireText(reference, 'agreement.reference') };
}

function terminationTerms(definition: ContractDefinition, method: unknown): TerminationTerms {
  if (method === undefined || method === null || method === definition.termination.method) return definition.termination;
  if (typeof method === 'string') {
    if ((TERMINATION_METHODS as readonly string[]).includes(method)) {
      throw new DomainError(
        'conflict', 'termination-terms-required',
        `The contract defines no terms for ${method}; give the agreed terms in full.`,
        { field: 'method' },
      );
    }
    throw new DomainError('invalid', 'invalid-termination-method', `method must be one of ${TERMINATION_METHODS.join(', ')}.`, { field: 'method' });
  }
  const result = validateTerminationTerms(method, definition.outcomes.map((o) => o.code));
  if (!result.ok) {
    throw new DomainError('invalid', 'invalid-termination-method', `The termination terms are inconsistent: ${summary(result.errors)}`, {
      field: 'method',
      details: result.errors,
    });
  }
  return result.value;
}

function validDefinition(input: unknown): ContractDefinition {
  const result = validateContractDefinition(input);
  if (!result.ok) {
    throw new DomainError('invalid', 'invalid-definition', `The contract definition is inconsistent: ${summary(result.errors)}`, {
      field: 'definition',
      details: result.errors,
    });
  }
  return result.value;
}

function summary(errors: readonly ValidationError[]): string {
  return errors.map((e) => (e.path === '' ? e.message : `${e.path} ${e.message}`)).join('; ');
}
