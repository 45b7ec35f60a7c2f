import type { ContractDefinition } from '../contract/contract-definition.js';
import type { ContractWindow } from '../contract/contract-window.js';
import type { ContractState, ParticipantState } from '../decider/contract.state.js';
import { compareStrings } from '../shared/sorted-unique.js';
import { toEpochDay } from '../time/civil-date.js';
import { forEachAchieved } from '../verification/evaluate-participant.js';
import { triggerSubject } from '../verification/trigger-subject.js';
import { NO_PROGRESS, type TriggerProgress } from '../verification/triggers/trigger.js';
import { triggerTypeOf } from '../verification/triggers/trigger.registry.js';

/** Where one participant stood at T under one outcome. */
export interface OutcomeOutlook {
  /** Days occurrences 1..k were achieved on, by T (the §5 evaluation over the window ending at T). */
  achievedOn: number[];
  progress: TriggerProgress;
}

/** A participant enrolled on or before T, with its outlook per outcome in definition order. */
export interface ParticipantOutlook {
  participant: ParticipantState;
  enrolledOn: number;
  /** Enrolled on or before T and not withdrawn on or before T. */
  activeAtT: boolean;
  outcomes: OutcomeOutlook[];
}

/**
 * Every participant ever enrolled on or before T (withdrawn ones included), in participant id
 * order, evaluated once over the window ending at T: the facts recorded so far.
 */
export function participantOutlooks(state: ContractState, definition: ContractDefinition, window: ContractWindow, terminatedOn: number): ParticipantOutlook[] {
  const out: ParticipantOutlook[] = [];
  for (const participant of state.participants.values()) {
    const { facts } = participant;
    if (facts.enrolledOn === undefined || toEpochDay(facts.enrolledOn) > terminatedOn) continue;
    const achievedOn: number[][] = definition.outcomes.map(() => []);
    forEachAchieved(definition, facts, window, (_outcome, _k, occurrence, i) => achievedOn[i].push(occurrence.achievedOn));
    out.push({
      participant,
      enrolledOn: toEpochDay(facts.enrolledOn),
      activeAtT: facts.withdrawnOn === undefined || toEpochDay(facts.withdrawnOn) > terminatedOn,
      outcomes: definition.outcomes.map((outcome, i) => {
        const subject = triggerSubject(facts, window, outcome.maxPerParticipant);
        return {
          achievedOn: achievedOn[i],
          progress: subject === undefined ? NO_PROGRESS : triggerTypeOf(outcome.trigger.type).progress(outcome.trigger, subject),
        };
      }),
    });
  }
  return out.sort((a, b) => compareStrings(a.participant.participantId, b.participant.participantId));
}
