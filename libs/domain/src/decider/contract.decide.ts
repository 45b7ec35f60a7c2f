import { TERMINATION_METHODS, type ContractDefinition, type TerminationTerms } from '../contract/contract-definition.js';
import { validateContractDefinition, validateTerminationTerms } from '../contract/contract-definition.validator.js';
import { contractWindow, evidenceGraceEnd } from '../contract/contract-window.js';
import { sameJson } from '../shared/canonical-json.js';
import { DomainError } from '../shared/domain.error.js';
import type { ValidationError } from '../shared/validation-error.js';
import { toEpochDay, type CivilDate } from '../time/civil-date.js';
import { copenhagenDateOf, isIsoInstant } from '../time/copenhagen.js';
import { cloneParticipantFacts } from '../verification/participant-facts.js';
import {
  commandData,
  optionalText,
  requireBoolean,
  requireDate,
  requireHours,
  requireId,
  requireKind,
  requireSha256,
  requireText,
  requireWeek,
} from './command-fields.js';
import type { ContractCommand } from './contract.commands.js';
import { REVERSAL_REASONS, type ContractEvent, type ParticipantFactEvent, type PlacementCorrected } from './contract.events.js';
import type { ContractState, ParticipantState } from './contract.state.js';
import { evidenceExportOf } from './evidence-export.js';
import { deriveOutcomes } from './outcome-derivation.js';
import { applyParticipantFact } from './participant-facts.projection.js';

export interface DecideInput {
  command: ContractCommand;
  state: ContractState;
  /** Stream position the first new event will get; defaults to state.version + 1. */
  nextPosition?: number;
  /** Recording instant (ISO-8601 UTC); when given, facts after a termination's grace end are refused. */
  now?: string;
}

interface Context {
  state: ContractState;
  position: number;
  now: string | undefined;
}

/**
 * Decides which events a command produces against the contract's current state. Pure: the state
 * is never modified. Throws DomainError when the command is refused; returns [] for a repeat that
 * would change nothing. A recorded fact is followed by the outcome events it derives (§5).
 */
export function decide(input: DecideInput): ContractEvent[] {
  const { command, state } = input;
  if (command === null || typeof command !== 'object' || typeof command.type !== 'string') {
    throw new DomainError('invalid-command', 'The command has no type.', { field: 'type' });
  }
  if (input.now !== undefined && !isIsoInstant(input.now)) {
    throw new DomainError('invalid-command', 'now must be an ISO-8601 instant.', { field: 'now' });
  }
  const ctx: Context = { state, position: input.nextPosition ?? state.version + 1, now: input.now };
  const data = commandData(command.data);
  switch (command.type) {
    case 'RegisterContract': return registerContract(ctx, data);
    case 'ActivateContract': return activateContract(ctx, data);
    case 'AmendContract': return amendContract(ctx, data);
    case 'TerminateContract': return terminateContract(ctx, data);
    case 'ReferParticipant': return referParticipant(ctx, data);
    case 'EnrolParticipant': return enrolParticipant(ctx, data);
    case 'WithdrawParticipant': return withdrawParticipant(ctx, data);
    case 'StartPlacement': return startPlacement(ctx, data);
    case 'EndPlacement': return endPlacement(ctx, data);
    case 'CorrectPlacement': return correctPlacement(ctx, data);
    case 'RecordPayrollEvidence': return recordPayrollEvidence(ctx, data);
    case 'RevokePayrollEvidence': return revokePayrollEvidence(ctx, data);
    case 'RecordBenefitWeek': return recordBenefitWeek(ctx, data);
    case 'ConfirmPayment': return confirmPayment(ctx, data);
    // An export is recorded whatever the contract's status, also after its evidence grace.
    case 'RecordEvidenceExport': return [{ type: 'EvidenceExported', data: evidenceExportOf(registered(ctx.state), data) }];
    default:
      throw new DomainError('unknown-command', `Unknown command type ${String((command as { type: unknown }).type)}.`, { field: 'type' });
  }
}

// ---- contract ----

function registerContract(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const definition = validDefinition(data.definition);
  if (ctx.state.status !== 'unregistered') {
    if (ctx.state.terms.length > 0 && sameJson(ctx.state.terms[0].definition, definition)) return [];
    throw new DomainError('contract-already-registered', `Contract ${ctx.state.contractId} is already registered.`);
  }
  return [{ type: 'ContractRegistered', data: { contractId: definition.contractId, definition } }];
}

function activateContract(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = registered(ctx.state);
  const activatedOn = requireDate(data.activatedOn, 'activatedOn');
  if (state.status === 'terminated') throw terminated();
  if (state.status === 'active') {
    if (state.activatedOn === activatedOn) return [];
    throw new DomainError('contract-already-active', 'The contract is already active.', { field: 'activatedOn' });
  }
  return [{ type: 'ContractActivated', data: { activatedOn } }];
}

function amendContract(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = registered(ctx.state);
  if (state.status === 'terminated') throw terminated();
  const definition = validDefinition(data.definition);
  const reason = requireText(data.reason, 'reason');
  const current = state.definition!;
  if (definition.contractId !== current.contractId) {
    throw new DomainError('amendment-not-allowed', 'An amendment cannot change the contractId.', { field: 'definition.contractId' });
  }
  if (definition.currency !== current.currency) {
    throw new DomainError('amendment-not-allowed', 'An amendment cannot change the currency.', { field: 'definition.currency' });
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
    causePosition: ctx.position,
    reversalReason: REVERSAL_REASONS.noLongerHolds,
  });
  if (reversals.length > 0) {
    throw new DomainError(
      'amendment-would-reverse',
      `The amendment would take back ${reversals.length} verified occurrence(s); amendments apply to later verifications only.`,
      { field: 'definition' },
    );
  }
  return [{ type: 'ContractAmended', data: { definition, reason, termsVersion } }, ...verifications];
}

function terminateContract(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = registered(ctx.state);
  const definition = state.definition!;
  const effectiveOn = requireDate(data.effectiveOn, 'effectiveOn');
  const reason = requireText(data.reason, 'reason');
  const terms = terminationTerms(definition, data.method);
  if (state.termination !== null) {
    if (state.termination.effectiveOn === effectiveOn && sameJson(state.termination.terms, terms)) return [];
    throw terminated();
  }
  if (effectiveOn < definition.period.start || effectiveOn > definition.period.end) {
    throw new DomainError('date-outside-contract', 'effectiveOn must lie inside the contract period.', { field: 'effectiveOn' });
  }
  const { reversals, verifications } = deriveOutcomes({
    state,
    contractId: definition.contractId,
    definition,
    termsVersion: state.termsVersion,
    window: contractWindow(definition, { effectiveOn, terms }),
    subjects: [...state.participants.values()].map((p) => ({ participantId: p.participantId, facts: p.facts })),
    causePosition: ctx.position,
    reversalReason: REVERSAL_REASONS.afterTermination,
  });
  return [{ type: 'ContractTerminated', data: { effectiveOn, reason, method: terms.method, terms } }, ...reversals, ...verifications];
}

function terminationTerms(definition: ContractDefinition, method: unknown): TerminationTerms {
  if (method === undefined || method === null || method === definition.termination.method) return definition.termination;
  if (typeof method === 'string') {
    if ((TERMINATION_METHODS as readonly string[]).includes(method)) {
      throw new DomainError(
        'termination-terms-required',
        `The contract defines no terms for ${method}; give the agreed terms in full.`,
        { field: 'method' },
      );
    }
    throw new DomainError('invalid-termination-method', `method must be one of ${TERMINATION_METHODS.join(', ')}.`, { field: 'method' });
  }
  const result = validateTerminationTerms(method, definition.outcomes.map((o) => o.code));
  if (!result.ok) {
    throw new DomainError('invalid-termination-method', `The termination terms are inconsistent: ${summary(result.errors)}`, {
      field: 'method',
      details: result.errors,
    });
  }
  return result.value;
}

// ---- participants ----

function referParticipant(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = acceptingFacts(ctx);
  const participantId = requireId(data.participantId, 'participantId');
  const referredOn = requireDate(data.referredOn, 'referredOn');
  const intakeVariant = optionalText(data.intakeVariant, 'intakeVariant');
  const intakeOutcome = data.intakeOutcome;
  if (intakeOutcome !== 'accepted' && intakeOutcome !== 'rejected') {
    throw new DomainError('invalid-field', 'intakeOutcome must be accepted or rejected.', { field: 'intakeOutcome' });
  }
  const participant = state.participants.get(participantId);
  const referral = participant?.referral;
  if (referral && referral.referredOn === referredOn && referral.intakeVariant === intakeVariant && referral.intakeOutcome === intakeOutcome) {
    return [];
  }
  if (participant?.enrolment) {
    throw new DomainError('participant-already-enrolled', `Participant ${participantId} is already enrolled.`, { field: 'participantId' });
  }
  insidePeriod(state, referredOn, 'referredOn');
  if (state.termination !== null && referredOn > state.termination.effectiveOn) {
    throw new DomainError('contract-terminated', 'The contract was terminated before referredOn.', { field: 'referredOn' });
  }
  return [{ type: 'ParticipantReferred', data: { participantId, referredOn, intakeVariant, intakeOutcome } }];
}

function enrolParticipant(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = acceptingFacts(ctx);
  const participantId = requireId(data.participantId, 'participantId');
  const enrolledOn = requireDate(data.enrolledOn, 'enrolledOn');
  const participant = state.participants.get(participantId);
  if (participant?.referral == null) {
    throw new DomainError('participant-not-referred', `Participant ${participantId} has not been referred.`, { field: 'participantId' });
  }
  if (participant.enrolment !== null) {
    if (participant.enrolment.enrolledOn === enrolledOn) return [];
    throw new DomainError('participant-already-enrolled', `Participant ${participantId} is already enrolled.`, { field: 'participantId' });
  }
  if (participant.referral.intakeOutcome !== 'accepted') {
    throw new DomainError('participant-not-referred', `The intake of participant ${participantId} was rejected.`, { field: 'participantId' });
  }
  insidePeriod(state, enrolledOn, 'enrolledOn');
  if (state.termination !== null && enrolledOn > state.termination.effectiveOn) {
    throw new DomainError('contract-terminated', 'No one can be enrolled after the termination date.', { field: 'enrolledOn' });
  }
  if (enrolledOn < participant.referral.referredOn) {
    throw new DomainError('date-before-referral', 'enrolledOn must not be before the referral.', { field: 'enrolledOn' });
  }
  return withOutcomes(ctx, participant, { type: 'ParticipantEnrolled', data: { participantId, enrolledOn } });
}

function withdrawParticipant(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = acceptingFacts(ctx);
  const participant = enrolled(state, data.participantId);
  const withdrawnOn = requireDate(data.withdrawnOn, 'withdrawnOn');
  const reason = requireText(data.reason, 'reason');
  if (participant.withdrawal !== null) {
    if (participant.withdrawal.withdrawnOn === withdrawnOn && participant.withdrawal.reason === reason) return [];
    throw new DomainError('participant-already-withdrawn', `Participant ${participant.participantId} is already withdrawn.`, {
      field: 'participantId',
    });
  }
  if (withdrawnOn < participant.enrolment!.enrolledOn) {
    throw new DomainError('invalid-period', 'withdrawnOn must not be before the enrolment.', { field: 'withdrawnOn' });
  }
  return withOutcomes(ctx, participant, {
    type: 'ParticipantWithdrawn',
    data: { participantId: participant.participantId, withdrawnOn, reason },
  });
}

// ---- placements and evidence ----

function startPlacement(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = acceptingFacts(ctx);
  const participant = enrolled(state, data.participantId);
  const placementId = requireId(data.placementId, 'placementId');
  const employerRef = requireText(data.employerRef, 'employerRef');
  const kind = requireKind(data.kind, 'kind');
  const hoursPerWeek = requireHours(data.hoursPerWeek, 'hoursPerWeek');
  const startDate = requireDate(data.startDate, 'startDate');
  const existing = participant.facts.placements.get(placementId);
  if (existing !== undefined) {
    const started = existing.positions.length === 1;
    if (started && existing.employerRef === employerRef && existing.kind === kind && existing.hoursPerWeek === hoursPerWeek && existing.startDate === startDate) {
      return [];
    }
    throw new DomainError('placement-already-exists', `Placement ${placementId} is already recorded; correct it instead.`, { field: 'placementId' });
  }
  return withOutcomes(ctx, participant, {
    type: 'PlacementStarted',
    data: { participantId: participant.participantId, placementId, employerRef, kind, hoursPerWeek, startDate },
  });
}

function endPlacement(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = acceptingFacts(ctx);
  const participant = enrolled(state, data.participantId);
  const placement = placementOf(participant, data.placementId);
  const endDate = requireDate(data.endDate, 'endDate');
  const reason = requireText(data.reason, 'reason');
  if (placement.endDate !== undefined) {
    if (placement.endDate === endDate) return [];
    throw new DomainError('placement-already-ended', `Placement ${placement.placementId} has already ended; correct it instead.`, {
      field: 'endDate',
    });
  }
  if (endDate < placement.startDate) {
    throw new DomainError('invalid-period', 'endDate must not be before the placement start.', { field: 'endDate' });
  }
  return withOutcomes(ctx, participant, {
    type: 'PlacementEnded',
    data: { participantId: participant.participantId, placementId: placement.placementId, endDate, reason },
  });
}

function correctPlacement(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = acceptingFacts(ctx);
  const participant = enrolled(state, data.participantId);
  const placement = placementOf(participant, data.placementId);
  const reason = requireText(data.reason, 'reason');
  const correction: PlacementCorrected['data'] = { participantId: participant.participantId, placementId: placement.placementId, reason };
  if (data.startDate !== undefined) {
    const startDate = requireDate(data.startDate, 'startDate');
    if (startDate !== placement.startDate) correction.startDate = startDate;
  }
  if (data.endDate === null) {
    if (placement.endDate !== undefined) correction.endDate = null;
  } else if (data.endDate !== undefined) {
    const endDate = requireDate(data.endDate, 'endDate');
    if (endDate !== placement.endDate) correction.endDate = endDate;
  }
  if (data.hoursPerWeek !== undefined) {
    const hoursPerWeek = requireHours(data.hoursPerWeek, 'hoursPerWeek');
    if (hoursPerWeek !== placement.hoursPerWeek) correction.hoursPerWeek = hoursPerWeek;
  }
  if (data.kind !== undefined) {
    const kind = requireKind(data.kind, 'kind');
    if (kind !== placement.kind) correction.kind = kind;
  }
  const startDate = correction.startDate ?? placement.startDate;
  const endDate = correction.endDate === null ? undefined : (correction.endDate ?? placement.endDate);
  if (endDate !== undefined && endDate < startDate) {
    throw new DomainError('invalid-period', 'The corrected placement would end before it starts.', {
      field: correction.endDate !== undefined ? 'endDate' : 'startDate',
    });
  }
  const changed = ['startDate', 'endDate', 'hoursPerWeek', 'kind'].some((key) => key in correction);
  if (!changed) return [];
  return withOutcomes(ctx, participant, { type: 'PlacementCorrected', data: correction });
}

function recordPayrollEvidence(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = acceptingFacts(ctx);
  const participant = enrolled(state, data.participantId);
  const placement = placementOf(participant, data.placementId);
  const evidenceId = requireId(data.evidenceId, 'evidenceId');
  const periodFrom = requireDate(data.periodFrom, 'periodFrom');
  const periodTo = requireDate(data.periodTo, 'periodTo');
  const source = requireText(data.source, 'source');
  const documentSha256 = requireSha256(data.documentSha256, 'documentSha256');
  if (periodTo < periodFrom) throw new DomainError('invalid-period', 'periodTo must not be before periodFrom.', { field: 'periodTo' });
  const existing = participant.facts.payrollEvidence.get(evidenceId);
  if (existing !== undefined) {
    const same =
      !existing.revoked && existing.placementId === placement.placementId && existing.from === periodFrom &&
      existing.to === periodTo && existing.source === source && existing.documentSha256 === documentSha256;
    if (same) return [];
    throw new DomainError('evidence-already-exists', `Payroll evidence ${evidenceId} is already recorded.`, { field: 'evidenceId' });
  }
  return withOutcomes(ctx, participant, {
    type: 'PayrollEvidenceRecorded',
    data: { participantId: participant.participantId, placementId: placement.placementId, evidenceId, periodFrom, periodTo, source, documentSha256 },
  });
}

function revokePayrollEvidence(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = acceptingFacts(ctx);
  const participant = enrolled(state, data.participantId);
  const evidenceId = requireId(data.evidenceId, 'evidenceId');
  const reason = requireText(data.reason, 'reason');
  const evidence = participant.facts.payrollEvidence.get(evidenceId);
  if (evidence === undefined) {
    throw new DomainError('evidence-not-found', `Payroll evidence ${evidenceId} is not recorded for this participant.`, { field: 'evidenceId' });
  }
  if (evidence.revoked) return [];
  return withOutcomes(ctx, participant, {
    type: 'PayrollEvidenceRevoked',
    data: { participantId: participant.participantId, evidenceId, reason },
  });
}

function recordBenefitWeek(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = acceptingFacts(ctx);
  const participant = enrolled(state, data.participantId);
  const week = requireWeek(data.week, 'week');
  const benefitPaid = requireBoolean(data.benefitPaid, 'benefitPaid');
  const source = requireText(data.source, 'source');
  const current = participant.facts.benefitWeeks.get(week);
  if (current !== undefined && current.benefitPaid === benefitPaid && current.source === source) return [];
  return withOutcomes(ctx, participant, {
    type: 'BenefitWeekRecorded',
    data: { participantId: participant.participantId, week, benefitPaid, source },
  });
}

// ---- payments ----

function confirmPayment(ctx: Context, data: Record<string, unknown>): ContractEvent[] {
  const state = registered(ctx.state);
  const paymentId = requireText(data.paymentId, 'paymentId');
  const reference = requireText(data.reference, 'reference');
  const confirmedOn = requireDate(data.confirmedOn, 'confirmedOn');
  const entry = state.ledger.get(paymentId);
  if (entry === undefined) throw new DomainError('payment-not-found', `No verified payment ${paymentId}.`, { field: 'paymentId' });
  if (entry.confirmation !== null) {
    if (entry.confirmation.reference === reference) return [];
    throw new DomainError('payment-already-confirmed', `Payment ${paymentId} is already confirmed under another reference.`, {
      field: 'reference',
    });
  }
  return [{ type: 'PaymentConfirmed', data: { paymentId, reference, confirmedOn, amount: entry.amount } }];
}

// ---- shared ----

/** The fact, followed by the outcome events it causes for its participant. */
function withOutcomes(ctx: Context, participant: ParticipantState, fact: ParticipantFactEvent): ContractEvent[] {
  const state = ctx.state;
  const definition = state.definition!;
  const facts = cloneParticipantFacts(participant.facts);
  applyParticipantFact(facts, fact, ctx.position);
  const { reversals, verifications } = deriveOutcomes({
    state,
    contractId: definition.contractId,
    definition,
    termsVersion: state.termsVersion,
    window: contractWindow(definition, state.termination),
    subjects: [{ participantId: participant.participantId, facts }],
    causePosition: ctx.position,
    reversalReason: REVERSAL_REASONS.noLongerHolds,
  });
  return [fact, ...reversals, ...verifications];
}

function validDefinition(input: unknown): ContractDefinition {
  const result = validateContractDefinition(input);
  if (!result.ok) {
    throw new DomainError('invalid-definition', `The contract definition is inconsistent: ${summary(result.errors)}`, {
      field: 'definition',
      details: result.errors,
    });
  }
  return result.value;
}

function summary(errors: readonly ValidationError[]): string {
  return errors.map((e) => (e.path === '' ? e.message : `${e.path} ${e.message}`)).join('; ');
}

function registered(state: ContractState): ContractState {
  if (state.status === 'unregistered' || state.definition === null) {
    throw new DomainError('contract-not-found', 'No contract is registered in this stream.');
  }
  return state;
}

function terminated(): DomainError {
  return new DomainError('contract-terminated', 'The contract has been terminated.');
}

/** Participant facts need an active contract, or a terminated one still inside its evidence grace. */
function acceptingFacts(ctx: Context): ContractState {
  const state = registered(ctx.state);
  if (state.status === 'registered' || state.activatedOn === null) {
    throw new DomainError('contract-not-active', 'The contract has not been activated.');
  }
  if (state.termination !== null && ctx.now !== undefined) {
    const graceEnd = evidenceGraceEnd(state.definition!, state.termination);
    if (copenhagenDateOf(ctx.now) > graceEnd) {
      throw new DomainError('contract-terminated', `The contract was terminated and its evidence grace ended on ${graceEnd}.`);
    }
  }
  return state;
}

function insidePeriod(state: ContractState, date: CivilDate, field: string): void {
  const { start, end } = state.definition!.period;
  if (toEpochDay(date) < toEpochDay(start) || toEpochDay(date) > toEpochDay(end)) {
    throw new DomainError('date-outside-contract', `${field} must lie inside the contract period.`, { field });
  }
}

function enrolled(state: ContractState, participantIdInput: unknown): ParticipantState {
  const participantId = requireId(participantIdInput, 'participantId');
  const participant = state.participants.get(participantId);
  if (participant?.enrolment == null) {
    throw new DomainError('participant-not-enrolled', `Participant ${participantId} is not enrolled.`, { field: 'participantId' });
  }
  return participant;
}

function placementOf(participant: ParticipantState, placementIdInput: unknown) {
  const placementId = requireId(placementIdInput, 'placementId');
  const placement = participant.facts.placements.get(placementId);
  if (placement === undefined) {
    throw new DomainError('placement-not-found', `Placement ${placementId} is not recorded for this participant.`, { field: 'placementId' });
  }
  return placement;
}
