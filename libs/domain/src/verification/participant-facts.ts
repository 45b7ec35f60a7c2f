import { VersionedMap } from '../shared/versioned-map.js';
import type { CivilDate } from '../time/civil-date.js';
import type { IsoWeek } from '../time/iso-week.js';
import { type BenefitWeekFact, BenefitWeekTable } from './benefit-week-table.js';

export type { BenefitWeekFact };

export type PlacementKind = 'ordinary' | 'flexjob' | 'education';
export const PLACEMENT_KINDS: readonly PlacementKind[] = ['ordinary', 'flexjob', 'education'];

export function isPlacementKind(value: unknown): value is PlacementKind {
  return typeof value === 'string' && (PLACEMENT_KINDS as readonly string[]).includes(value);
}

/**
 * A "position" is the 1-based stream position of a fact in its contract's log; provenance lists
 * positions. Fact objects are replaced, never mutated, so a copy of the maps is a safe snapshot.
 */
export interface PlacementFact {
  placementId: string;
  kind: PlacementKind;
  hoursPerWeek: number;
  startDate: CivilDate;
  endDate?: CivilDate;
  /** Positions of the started, ended and corrected facts of this placement. */
  positions: number[];
  employerRef?: string;
  /** Why it ended, as recorded with its end (absent while open). */
  endReason?: string;
}

export interface PayrollEvidenceFact {
  evidenceId: string;
  placementId: string;
  from: CivilDate;
  to: CivilDate;
  revoked: boolean;
  position: number;
  source?: string;
  documentSha256?: string;
}

/** The kinds of fact a participant has, each a map of its facts in ParticipantFacts. */
export type FactKind = 'placements' | 'payrollEvidence' | 'benefitWeeks';

/** Everything the outcome rules need to know about one participant. */
export interface ParticipantFacts {
  participantId: string;
  enrolledOn?: CivilDate;
  enrolledAt?: number;
  withdrawnOn?: CivilDate;
  withdrawnAt?: number;
  placements: Map<string, PlacementFact>;
  payrollEvidence: Map<string, PayrollEvidenceFact>;
  /** Current record per week only: a later record supersedes. The fold's is a BenefitWeekTable. */
  benefitWeeks: Map<IsoWeek, BenefitWeekFact>;
}

export function emptyParticipantFacts(participantId: string): ParticipantFacts {
  // Versioned, so that a trigger's evaluation is reused while the facts it reads are unchanged (rememberedEvaluation).
  return { participantId, placements: new VersionedMap(), payrollEvidence: new VersionedMap(), benefitWeeks: new BenefitWeekTable() };
}

/** A snapshot that can be changed without touching the original (entries are immutable). */
export function cloneParticipantFacts(facts: ParticipantFacts): ParticipantFacts {
  return {
    ...facts,
    placements: new VersionedMap(facts.placements),
    payrollEvidence: new VersionedMap(facts.payrollEvidence),
    benefitWeeks: facts.benefitWeeks instanceof BenefitWeekTable ? facts.benefitWeeks.copy() : new BenefitWeekTable(facts.benefitWeeks.values()),
  };
}
