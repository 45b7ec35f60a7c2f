import { DomainError } from '../../shared/domain.error.js';
import { compareDates } from '../../time/civil-date.js';
import { optionalText, requireDate, requireId, requireText } from '../command-fields.js';
import { same, type CommandSpecs } from '../command-spec.js';
import type { CommandData } from '../contract.commands.js';
import type { ContractEvent } from '../contract.events.js';
import { withOutcomes, type Decision } from './decision.js';
import { acceptingFacts, enrolled, insidePeriod } from './guards.js';

// A participant's way in and out: referral (intake), enrolment, withdrawal (docs/rules.md §3, §5).

export function referParticipant(decision: Decision, data: CommandData<'ReferParticipant'>): ContractEvent[] {
  const state = acceptingFacts(decision);
  const participantId = requireId(data.participantId, 'participantId');
  const referredOn = requireDate(data.referredOn, 'referredOn');
  const intakeVariant = optionalText(data.intakeVariant, 'intakeVariant');
  const intakeOutcome: unknown = data.intakeOutcome;
  if (intakeOutcome !== 'accepted' && intakeOutcome !== 'rejected') {
    throw new DomainError('invalid', 'invalid-field', 'intakeOutcome must be accepted or rejected.', { field: 'intakeOutcome' });
  }
  const participant = state.participants.get(participantId);
  const referral = participant?.referral;
  if (referral && referral.referredOn === referredOn && referral.intakeVariant === intakeVariant && referral.intakeOutcome === intakeOutcome) {
    return [];
  }
  if (participant?.enrolment) {
    throw new DomainError('conflict', 'participant-already-enrolled', `Participant ${participantId} is already enrolled.`, { field: 'participantId' });
  }
  insidePeriod(state, referredOn, 'referredOn');
  if (state.termination !== null && compareDates(referredOn, state.termination.effectiveOn) > 0) {
    throw new DomainError('conflict', 'contract-terminated', 'The contract was terminated before referredOn.', { field: 'referredOn' });
  }
  return [{ type: 'ParticipantReferred', data: { participantId, referredOn, intakeVariant, intakeOutcome } }];
}

export function enrolParticipant(decision: Decision, data: CommandData<'EnrolParticipant'>): ContractEvent[] {
  const state = acceptingFacts(decision);
  const participantId = requireId(data.participantId, 'participantId');
  const enrolledOn = requireDate(data.enrolledOn, 'enrolledOn');
  const participant = state.participants.get(participantId);
  if (participant?.referral == null) {
    throw new DomainError('conflict', 'participant-not-referred', `Participant ${participantId} has not been referred.`, { field: 'participantId' });
  }
  if (participant.enrolment !== null) {
    if (participant.enrolment.enrolledOn === enrolledOn) return [];
    throw new DomainError('conflict', 'participant-already-enrolled', `Participant ${participantId} is already enrolled.`, { field: 'participantId' });
  }
  if (participant.referral.intakeOutcome !== 'accepted') {
    throw new DomainError('conflict', 'participant-not-referred', `The intake of participant ${participantId} was rejected.`, { field: 'participantId' });
  }
  insidePeriod(state, enrolledOn, 'enrolledOn');
  if (state.termination !== null && compareDates(enrolledOn, state.termination.effectiveOn) > 0) {
    throw new DomainError('conflict', 'contract-terminated', 'No one can be enrolled after the termination date.', { field: 'enrolledOn' });
  }
  if (compareDates(enrolledOn, participant.referral.referredOn) < 0) {
    throw new DomainError('invalid', 'date-before-referral', 'enrolledOn must not be before the referral.', { field: 'enrolledOn' });
  }
  return withOutcomes(decision, participant, { type: 'ParticipantEnrolled', data: { participantId, enrolledOn } });
}

export function withdrawParticipant(decision: Decision, data: CommandData<'WithdrawParticipant'>): ContractEvent[] {
  const state = acceptingFacts(decision);
  const participant = enrolled(state, data.participantId);
  const withdrawnOn = requireDate(data.withdrawnOn, 'withdrawnOn');
  const reason = requireText(data.reason, 'reason');
  if (participant.withdrawal !== null) {
    if (participant.withdrawal.withdrawnOn === withdrawnOn && participant.withdrawal.reason === reason) return [];
    throw new DomainError('conflict', 'participant-already-withdrawn', `Participant ${participant.participantId} is already withdrawn.`, {
      field: 'participantId',
    });
  }
  if (compareDates(withdrawnOn, participant.enrolment!.enrolledOn) < 0) {
    throw new DomainError('invalid', 'invalid-period', 'withdrawnOn must not be before the enrolment.', { field: 'withdrawnOn' });
  }
  return withOutcomes(decision, participant, {
    type: 'ParticipantWithdrawn',
    data: { participantId: participant.participantId, withdrawnOn, reason },
  });
}

/** A participant's way through the programme: referred, enrolled, withdrawn. */
export const PARTICIPANT_COMMANDS = {
  ReferParticipant: { facts: { ParticipantReferred: same }, importable: true, decide: referParticipant },
  EnrolParticipant: { facts: { ParticipantEnrolled: same }, importable: true, decide: enrolParticipant },
  WithdrawParticipant: { facts: { ParticipantWithdrawn: same }, importable: true, decide: withdrawParticipant },
} as const satisfies CommandSpecs;
