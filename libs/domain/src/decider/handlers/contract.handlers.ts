import type { ContractDefinition } from '../../contract/contract-definition.js';
import { validateContractDefinition } from '../../contract/contract-definition.validator.js';
import { contractWindow } from '../../contract/contract-window.js';
import { sameJson } from '../../shared/canonical-json.js';
import { DomainError } from '../../shared/domain.error.js';
import { describeValidationErrors } from '../../shared/validation-error.js';
import { requireDate, requireText } from '../command-fields.js';
import { same, type CommandSpecs } from '../command-spec.js';
import type { CommandData } from '../contract.commands.js';
import { REVERSAL_REASONS, type ContractEvent } from '../contract.events.js';
import { deriveOutcomes } from '../outcome-derivation.js';
import type { Decision } from './decision.js';
import { registered, terminated } from './guards.js';

// The contract's own life: registration, activation, amendment (docs/rules.md §4); its termination: termination.handlers.ts.

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
    causePosition: decision.nextVersion,
    reversalReason: REVERSAL_REASONS.noLongerHolds,
  });
  if (reversals.length > 0) {
    throw new DomainError(
      'conflict',
      'amendment-would-reverse',
      `The amendment would take back ${reversals.length} verified occurrence(s); amendments apply to later verifications only.`,
      { field: 'definition' },
    );
  }
  return [{ type: 'ContractAmended', data: { definition, reason, termsVersion } }, ...verifications];
}

function validDefinition(input: unknown): ContractDefinition {
  const result = validateContractDefinition(input);
  if (!result.ok) {
    throw new DomainError('invalid', 'invalid-definition', `The contract definition is inconsistent: ${describeValidationErrors(result.errors)}`, {
      field: 'definition',
      details: result.errors,
    });
  }
  return result.value;
}

/** The contract itself: registered, activated, amended (sent one at a time). */
export const CONTRACT_LIFECYCLE_COMMANDS = {
  RegisterContract: { facts: { ContractRegistered: (d) => ({ definition: d.definition }) }, importable: false, decide: registerContract },
  ActivateContract: { facts: { ContractActivated: same }, importable: false, decide: activateContract },
  AmendContract: { facts: { ContractAmended: (d) => ({ definition: d.definition, reason: d.reason as string }) }, importable: false, decide: amendContract },
} as const satisfies CommandSpecs;
