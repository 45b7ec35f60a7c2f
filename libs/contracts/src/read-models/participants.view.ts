import { capHeadroom, type ContractState, type ParticipantState } from '#domain';

/** What the system knew, and from which point of the log: every read model's answer carries it. */
export interface AsRecorded {
  contractId: string;
  /** The instant the answer is "as recorded at" (UTC, microseconds): the asOf asked for, or now. */
  asOf: string;
  /** The contract log's version (number of events) the answer reflects. */
  version: number;
}

/**
 * Where a participant stands: referred (accepted at intake, not yet enrolled), rejected (at intake),
 * enrolled (active: enrolled and not withdrawn), withdrawn.
 */
export type ParticipantStatus = 'referred' | 'rejected' | 'enrolled' | 'withdrawn';
export const PARTICIPANT_STATUSES: readonly ParticipantStatus[] = ['referred', 'rejected', 'enrolled', 'withdrawn'];

export function participantStatusOf(participant: ParticipantState): ParticipantStatus {
  if (participant.withdrawal !== null) return 'withdrawn';
  if (participant.enrolment !== null) return 'enrolled';
  return participant.referral?.intakeOutcome === 'rejected' ? 'rejected' : 'referred';
}

export interface ParticipantRow {
  /** The keyed pseudonym. */
  participantId: string;
  status: ParticipantStatus;
  referredOn: string | null;
  intakeVariant: string | null;
  intakeOutcome: 'accepted' | 'rejected' | null;
  enrolledOn: string | null;
  withdrawnOn: string | null;
  withdrawalReason: string | null;
  /** Placements recorded (started), whatever their kind or hours. */
  placements: number;
  /** Verified, unreversed occurrences (capped ones included). */
  occurrences: number;
  /** Sum of the amounts of the verified, unreversed occurrences (minor units). */
  committed: number;
  /** Sum of the confirmed payments, reversed ones included (minor units). */
  confirmed: number;
  /** Per-participant cap minus committed, never below 0 (minor units); null when the contract has no per-participant cap. */
  headroom: number | null;
}

export interface ParticipantsView extends AsRecorded {
  currency: string;
  /** Null when the contract has no per-participant cap. */
  perParticipantCap: number | null;
  /** In the order they were first referred. */
  participants: ParticipantRow[];
}

export function participantRowOf(participant: ParticipantState, perParticipantCap: number | undefined): ParticipantRow {
  const { referral, enrolment, withdrawal } = participant;
  return {
    participantId: participant.participantId,
    status: participantStatusOf(participant),
    referredOn: referral?.referredOn ?? null,
    intakeVariant: referral?.intakeVariant ?? null,
    intakeOutcome: referral?.intakeOutcome ?? null,
    enrolledOn: enrolment?.enrolledOn ?? null,
    withdrawnOn: withdrawal?.withdrawnOn ?? null,
    withdrawalReason: withdrawal?.reason ?? null,
    placements: participant.facts.placements.size,
    occurrences: participant.verified.size,
    committed: participant.totals.committed,
    confirmed: participant.totals.confirmed,
    headroom: perParticipantCap === undefined ? null : capHeadroom(perParticipantCap, participant.totals.committed),
  };
}

/** Every participant of the contract with its dates, placements and money against its cap. */
export function participantsView(state: ContractState, asOf: string): ParticipantsView {
  const definition = registeredDefinition(state);
  const cap = definition.caps.perParticipant;
  return {
    contractId: definition.contractId,
    asOf,
    version: state.version,
    currency: definition.currency,
    perParticipantCap: cap ?? null,
    participants: [...state.participants.values()].map((participant) => participantRowOf(participant, cap)),
  };
}

/** The definition in force; the state must be of a registered contract (ContractHistory checks that). */
export function registeredDefinition(state: ContractState): NonNullable<ContractState['definition']> {
  if (state.definition === null) throw new Error('a read model was asked of a contract that is not registered');
  return state.definition;
}
