import { DomainError } from '../../shared/domain.error.js';
import { compareDates } from '../../time/civil-date.js';
import { requireBoolean, requireDate, requireHours, requireId, requireKind, requireSha256, requireText, requireWeek } from '../command-fields.js';
import { same, type CommandSpecs } from '../command-spec.js';
import type { CommandData } from '../contract.commands.js';
import type { ContractEvent, PlacementCorrected } from '../contract.events.js';
import { withOutcomes, type Decision } from './decision.js';
import { acceptingFacts, enrolled, placementOf } from './guards.js';

// What a participant does and is paid: placements, payroll evidence, benefit-register weeks (docs/rules.md §3, §5).

export function startPlacement(decision: Decision, data: CommandData<'StartPlacement'>): ContractEvent[] {
  const state = acceptingFacts(decision);
  const participant = enrolled(state, data.participantId);
  const placementId = requireId(data.placementId, 'placementId');
  const employerRef = requireText(data.employerRef, 'employerRef');
  const kind = requireKind(data.kind, 'kind');
  const hoursPerWeek = requireHours(data.hoursPerWeek, 'hoursPerWeek');
  const startDate = requireDate(data.startDate, 'startDate');
  const existing = participant.facts.placements.get(placementId);
  if (existing !== undefined) {
    const started = existing.positions.length === 1;
    if (
      started &&
      existing.employerRef === employerRef &&
      existing.kind === kind &&
      existing.hoursPerWeek === hoursPerWeek &&
      existing.startDate === startDate
    ) {
      return [];
    }
    throw new DomainError('conflict', 'placement-already-exists', `Placement ${placementId} is already recorded; correct it instead.`, {
      field: 'placementId',
    });
  }
  return withOutcomes(decision, participant, {
    type: 'PlacementStarted',
    data: { participantId: participant.participantId, placementId, employerRef, kind, hoursPerWeek, startDate },
  });
}

export function endPlacement(decision: Decision, data: CommandData<'EndPlacement'>): ContractEvent[] {
  const state = acceptingFacts(decision);
  const participant = enrolled(state, data.participantId);
  const placement = placementOf(participant, data.placementId);
  const endDate = requireDate(data.endDate, 'endDate');
  const reason = requireText(data.reason, 'reason');
  if (placement.endDate !== undefined) {
    if (placement.endDate === endDate) return [];
    throw new DomainError('conflict', 'placement-already-ended', `Placement ${placement.placementId} has already ended; correct it instead.`, {
      field: 'endDate',
    });
  }
  if (compareDates(endDate, placement.startDate) < 0) {
    throw new DomainError('invalid', 'invalid-period', 'endDate must not be before the placement start.', { field: 'endDate' });
  }
  return withOutcomes(decision, participant, {
    type: 'PlacementEnded',
    data: { participantId: participant.participantId, placementId: placement.placementId, endDate, reason },
  });
}

export function correctPlacement(decision: Decision, data: CommandData<'CorrectPlacement'>): ContractEvent[] {
  const state = acceptingFacts(decision);
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
  if (endDate !== undefined && compareDates(endDate, startDate) < 0) {
    throw new DomainError('invalid', 'invalid-period', 'The corrected placement would end before it starts.', {
      field: correction.endDate !== undefined ? 'endDate' : 'startDate',
    });
  }
  const changed = ['startDate', 'endDate', 'hoursPerWeek', 'kind'].some((key) => key in correction);
  if (!changed) return [];
  return withOutcomes(decision, participant, { type: 'PlacementCorrected', data: correction });
}

export function recordPayrollEvidence(decision: Decision, data: CommandData<'RecordPayrollEvidence'>): ContractEvent[] {
  const state = acceptingFacts(decision);
  const participant = enrolled(state, data.participantId);
  const placement = placementOf(participant, data.placementId);
  const evidenceId = requireId(data.evidenceId, 'evidenceId');
  const periodFrom = requireDate(data.periodFrom, 'periodFrom');
  const periodTo = requireDate(data.periodTo, 'periodTo');
  const source = requireText(data.source, 'source');
  const documentSha256 = requireSha256(data.documentSha256, 'documentSha256');
  if (compareDates(periodTo, periodFrom) < 0)
    throw new DomainError('invalid', 'invalid-period', 'periodTo must not be before periodFrom.', { field: 'periodTo' });
  const existing = participant.facts.payrollEvidence.get(evidenceId);
  if (existing !== undefined) {
    const same =
      !existing.revoked &&
      existing.placementId === placement.placementId &&
      existing.from === periodFrom &&
      existing.to === periodTo &&
      existing.source === source &&
      existing.documentSha256 === documentSha256;
    if (same) return [];
    throw new DomainError('conflict', 'evidence-already-exists', `Payroll evidence ${evidenceId} is already recorded.`, { field: 'evidenceId' });
  }
  return withOutcomes(decision, participant, {
    type: 'PayrollEvidenceRecorded',
    data: { participantId: participant.participantId, placementId: placement.placementId, evidenceId, periodFrom, periodTo, source, documentSha256 },
  });
}

export function revokePayrollEvidence(decision: Decision, data: CommandData<'RevokePayrollEvidence'>): ContractEvent[] {
  const state = acceptingFacts(decision);
  const participant = enrolled(state, data.participantId);
  const evidenceId = requireId(data.evidenceId, 'evidenceId');
  const reason = requireText(data.reason, 'reason');
  const evidence = participant.facts.payrollEvidence.get(evidenceId);
  if (evidence === undefined) {
    throw new DomainError('not-found', 'evidence-not-found', `Payroll evidence ${evidenceId} is not recorded for this participant.`, { field: 'evidenceId' });
  }
  if (evidence.revoked) return [];
  return withOutcomes(decision, participant, {
    type: 'PayrollEvidenceRevoked',
    data: { participantId: participant.participantId, evidenceId, reason },
  });
}

export function recordBenefitWeek(decision: Decision, data: CommandData<'RecordBenefitWeek'>): ContractEvent[] {
  const state = acceptingFacts(decision);
  const participant = enrolled(state, data.participantId);
  const week = requireWeek(data.week, 'week');
  const benefitPaid = requireBoolean(data.benefitPaid, 'benefitPaid');
  const source = requireText(data.source, 'source');
  const current = participant.facts.benefitWeeks.get(week);
  if (current !== undefined && current.benefitPaid === benefitPaid && current.source === source) return [];
  return withOutcomes(decision, participant, {
    type: 'BenefitWeekRecorded',
    data: { participantId: participant.participantId, week, benefitPaid, source },
  });
}

/** Placements and the evidence of work and benefit that verifies outcomes. */
export const PLACEMENT_EVIDENCE_COMMANDS = {
  StartPlacement: { facts: { PlacementStarted: same }, importable: true, decide: startPlacement },
  EndPlacement: { facts: { PlacementEnded: same }, importable: true, decide: endPlacement },
  CorrectPlacement: { facts: { PlacementCorrected: same }, importable: true, decide: correctPlacement },
  RecordPayrollEvidence: { facts: { PayrollEvidenceRecorded: same }, importable: true, decide: recordPayrollEvidence },
  RevokePayrollEvidence: { facts: { PayrollEvidenceRevoked: same }, importable: true, decide: revokePayrollEvidence },
  RecordBenefitWeek: { facts: { BenefitWeekRecorded: same }, importable: true, decide: recordBenefitWeek },
} as const satisfies CommandSpecs;
