import type { ContractEventType, ContractState } from '#domain';
import type { RecordedEvent } from '#event-store';
import { type RecordedFact, recordedFactOf } from './occurrences.view.js';
import { type AsRecorded, type ParticipantRow, participantRowOf, registeredDefinition } from './participants.view.js';

export interface TimelineEntry extends RecordedFact {
  /**
   * fact: about the participant (referral, enrolment, placement, evidence, benefit week...); outcome:
   * verified or reversed; payment: one of the participant's payments confirmed, recovered, or
   * superseded by an agreed settlement.
   */
  kind: 'fact' | 'outcome' | 'payment';
  /**
   * Position of the later fact that took this one's place: a newer record of the same benefit week
   * or referral, the revocation of this payroll evidence, the reversal of this occurrence. Null
   * while it stands.
   */
  supersededBy: number | null;
}

export interface ParticipantTimelineView extends AsRecorded {
  participant: ParticipantRow;
  /** In log order. */
  timeline: TimelineEntry[];
}

/**
 * The events that name a payment but no participant and move an outcome's ledger entry (see
 * evolve): what a participant's part of the state folds besides its own events
 * (ParticipantHistory), and the payment-side entries its timeline shows (`kind: 'payment'`).
 */
export const LEDGER_MOVE_EVENT_TYPES: readonly ContractEventType[] = ['PaymentConfirmed', 'PaymentRecovered', 'PaymentSuperseded'];

/** The timeline's view without its entries: the participant as recorded in `state`, or undefined when there is none. */
export function participantTimelineHead(state: ContractState, participantId: string, asOf: string): Omit<ParticipantTimelineView, 'timeline'> | undefined {
  const definition = registeredDefinition(state);
  const participant = state.participants.get(participantId);
  if (participant === undefined) return undefined;
  return {
    contractId: definition.contractId,
    asOf,
    version: state.version,
    participant: participantRowOf(participant, definition.caps.perParticipant),
  };
}

/**
 * The participant's facts and occurrences in log order, from the contract's events up to the
 * state's version (the state keeps only the current record of a benefit week, so superseded ones
 * come from the log): those the store's readParticipantEvents returns with
 * LEDGER_MOVE_EVENT_TYPES, or more (others' events are skipped).
 */
export function participantTimeline(events: readonly RecordedEvent[], participantId: string): TimelineEntry[] {
  const timeline: TimelineEntry[] = [];
  const payments = new Set<string>();
  // What a later fact may supersede, by a key naming what both are about.
  const standing = new Map<string, TimelineEntry>();
  const supersede = (key: string, by: TimelineEntry): void => {
    const earlier = standing.get(key);
    if (earlier !== undefined && earlier.supersededBy === null) earlier.supersededBy = by.position;
  };

  for (const event of events) {
    const data = event.data as { participantId?: unknown; paymentId?: unknown; week?: unknown; evidenceId?: unknown };
    const paymentId = typeof data.paymentId === 'string' ? data.paymentId : undefined;
    const payment = LEDGER_MOVE_EVENT_TYPES.includes(event.type as ContractEventType);
    const own = data.participantId === participantId || (payment && paymentId !== undefined && payments.has(paymentId));
    if (!own) continue;
    const kind = event.type.startsWith('Outcome') ? 'outcome' : payment ? 'payment' : 'fact';
    const entry: TimelineEntry = { ...recordedFactOf(event), kind, supersededBy: null };
    timeline.push(entry);
    switch (event.type) {
      case 'ParticipantReferred':
        supersede('referral', entry);
        standing.set('referral', entry);
        break;
      case 'BenefitWeekRecorded':
        supersede(`week:${String(data.week)}`, entry);
        standing.set(`week:${String(data.week)}`, entry);
        break;
      case 'PayrollEvidenceRecorded':
        standing.set(`evidence:${String(data.evidenceId)}`, entry);
        break;
      case 'PayrollEvidenceRevoked':
        supersede(`evidence:${String(data.evidenceId)}`, entry);
        break;
      case 'OutcomeVerified':
        if (paymentId !== undefined) {
          payments.add(paymentId);
          standing.set(`payment:${paymentId}`, entry);
        }
        break;
      case 'OutcomeReversed':
        supersede(`payment:${String(paymentId)}`, entry);
        break;
      default:
        break;
    }
  }

  return timeline;
}

/** The participant's timeline as recorded in `state`, from `events`: the stream up to the state's version, or the participant's part of it. */
export function participantTimelineView(
  state: ContractState,
  events: readonly RecordedEvent[],
  participantId: string,
  asOf: string,
): ParticipantTimelineView | undefined {
  const head = participantTimelineHead(state, participantId, asOf);
  return head === undefined ? undefined : { ...head, timeline: participantTimeline(events, participantId) };
}
