import { capHeadroom, type ContractState, DomainError, type ParticipantState } from '#domain';
import { encodeKeyCursor, type PageLinks, pageOf } from '#event-store';

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

export interface ParticipantsView extends AsRecorded, PageLinks {
  currency: string;
  /** Null when the contract has no per-participant cap. */
  perParticipantCap: number | null;
  /** One page, in the order they were first referred. */
  participants: ParticipantRow[];
}

/** The list's name in its cursors; the key is the participant's ordinal in the order they were first referred (from 1). */
export const PARTICIPANTS_LIST = 'participants';
export const participantsCursor = (ordinal: number): string => encodeKeyCursor(PARTICIPANTS_LIST, [ordinal]);

/** What a page of participants asks for: the filters apply as of asOf. */
export interface ParticipantsPageRequest {
  /** The cursor asked after (absent: the start), and the ordinal it names (0: the start). */
  after?: string;
  afterOrdinal: number;
  limit: number;
  status?: ParticipantStatus;
  intakeVariant?: string;
}

const EVERY_PARTICIPANT: ParticipantsPageRequest = { afterOrdinal: 0, limit: Number.MAX_SAFE_INTEGER };

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

/**
 * A page of the contract's participants with their dates, placements and money against their cap.
 * The participants are kept in the order they were first referred and never removed, so an ordinal
 * names the same participant at every instant and a later one is only ever added after it. The
 * page walks the participants it passes over (cheap: no row is made of them) and makes rows of
 * those it returns only.
 */
export function participantsView(state: ContractState, asOf: string, page: ParticipantsPageRequest = EVERY_PARTICIPANT): ParticipantsView {
  const definition = registeredDefinition(state);
  const cap = definition.caps.perParticipant;
  const read: Array<{ ordinal: number; row: ParticipantRow }> = [];
  let ordinal = 0;
  for (const participant of state.participants.values()) {
    ordinal += 1;
    if (ordinal <= page.afterOrdinal) continue;
    if (page.status !== undefined && participantStatusOf(participant) !== page.status) continue;
    if (page.intakeVariant !== undefined && participant.referral?.intakeVariant !== page.intakeVariant) continue;
    read.push({ ordinal, row: participantRowOf(participant, cap) });
    if (read.length > page.limit) break;
  }
  // Nothing found: a variant nobody was referred with is a mistake to name, not an empty list.
  const variant = page.intakeVariant;
  if (read.length === 0 && variant !== undefined && ![...state.participants.values()].some((p) => p.referral?.intakeVariant === variant)) {
    throw new DomainError('invalid', 'unknown-intake-variant', 'intakeVariant names no intake variant a participant of the contract was referred with.', {
      field: 'intakeVariant',
    });
  }
  const { items, next, hasMore } = pageOf(read, page.limit, (item) => participantsCursor(item.ordinal), page.after ?? participantsCursor(0));
  return {
    contractId: definition.contractId,
    asOf,
    version: state.version,
    currency: definition.currency,
    perParticipantCap: cap ?? null,
    participants: items.map((item) => item.row),
    next,
    hasMore,
  };
}

/** The definition in force; the state must be of a registered contract (ContractHistory checks that). */
export function registeredDefinition(state: ContractState): NonNullable<ContractState['definition']> {
  if (state.definition === null) throw new Error('a read model was asked of a contract that is not registered');
  return state.definition;
}
