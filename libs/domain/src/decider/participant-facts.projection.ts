import { MapWithChanges } from '../shared/map-with-changes.js';
import { sharedString } from '../shared/shared-strings.js';
import type { ParticipantFacts, PlacementFact } from '../verification/participant-facts.js';
import type { ParticipantFactEvent } from './contract.events.js';

/**
 * The participant's facts as they are once `event` is applied, sharing `facts`' entries and
 * leaving `facts` unchanged: costs what the event changes, not the participant's history (each
 * of the participant's facts is decided against this; a copy of the maps grew with the history).
 */
export function withParticipantFact(facts: ParticipantFacts, event: ParticipantFactEvent, position: number): ParticipantFacts {
  const placements = new MapWithChanges(facts.placements);
  const payrollEvidence = new MapWithChanges(facts.payrollEvidence);
  const benefitWeeks = new MapWithChanges(facts.benefitWeeks);
  const applied: ParticipantFacts = { ...facts, placements, payrollEvidence, benefitWeeks };
  applyParticipantFact(applied, event, position);
  // The maps the fact left alone as they are: the rules read them directly, and reuse what they evaluated on them.
  applied.placements = placements.unchanged ?? placements;
  applied.payrollEvidence = payrollEvidence.unchanged ?? payrollEvidence;
  applied.benefitWeeks = benefitWeeks.unchanged ?? benefitWeeks;
  return applied;
}

/**
 * Folds one participant fact into the participant's facts, in place. Entries are replaced rather
 * than changed, so a clone made with cloneParticipantFacts is never affected. Days, weeks, kinds
 * and sources are kept as shared strings, and an evidence's placement id as its placement's.
 */
export function applyParticipantFact(facts: ParticipantFacts, event: ParticipantFactEvent, position: number): void {
  switch (event.type) {
    case 'ParticipantReferred':
      return;
    case 'ParticipantEnrolled':
      facts.enrolledOn = sharedString(event.data.enrolledOn);
      facts.enrolledAt = position;
      return;
    case 'ParticipantWithdrawn':
      facts.withdrawnOn = sharedString(event.data.withdrawnOn);
      facts.withdrawnAt = position;
      return;
    case 'PlacementStarted': {
      const d = event.data;
      facts.placements.set(d.placementId, {
        placementId: d.placementId,
        kind: sharedString(d.kind),
        hoursPerWeek: d.hoursPerWeek,
        startDate: sharedString(d.startDate),
        positions: [position],
        employerRef: sharedString(d.employerRef),
      });
      return;
    }
    case 'PlacementEnded': {
      const placement = facts.placements.get(event.data.placementId);
      if (placement === undefined) return;
      facts.placements.set(placement.placementId, {
        ...placement,
        endDate: sharedString(event.data.endDate),
        endReason: sharedString(event.data.reason),
        positions: [...placement.positions, position],
      });
      return;
    }
    case 'PlacementCorrected': {
      const d = event.data;
      const placement = facts.placements.get(d.placementId);
      if (placement === undefined) return;
      const next: PlacementFact = { ...placement, positions: [...placement.positions, position] };
      if (d.startDate !== undefined) next.startDate = sharedString(d.startDate);
      if (d.endDate === null) {
        delete next.endDate;
        delete next.endReason;
      } else if (d.endDate !== undefined) next.endDate = sharedString(d.endDate);
      if (d.hoursPerWeek !== undefined) next.hoursPerWeek = d.hoursPerWeek;
      if (d.kind !== undefined) next.kind = sharedString(d.kind);
      facts.placements.set(d.placementId, next);
      return;
    }
    case 'PayrollEvidenceRecorded': {
      const d = event.data;
      facts.payrollEvidence.set(d.evidenceId, {
        evidenceId: d.evidenceId,
        placementId: facts.placements.get(d.placementId)?.placementId ?? d.placementId,
        from: sharedString(d.periodFrom),
        to: sharedString(d.periodTo),
        revoked: false,
        position,
        source: sharedString(d.source),
        documentSha256: d.documentSha256,
      });
      return;
    }
    case 'PayrollEvidenceRevoked': {
      const evidence = facts.payrollEvidence.get(event.data.evidenceId);
      if (evidence !== undefined) facts.payrollEvidence.set(evidence.evidenceId, { ...evidence, revoked: true });
      return;
    }
    case 'BenefitWeekRecorded': {
      const d = event.data;
      const week = sharedString(d.week);
      const records = (facts.benefitWeeks.get(week)?.records ?? 0) + 1;
      facts.benefitWeeks.set(week, { week, benefitPaid: d.benefitPaid, position, source: sharedString(d.source), records });
      return;
    }
  }
}
