import { type FactSpec, participantFacts, TYPICAL_PLAN } from './facts.js';

/** Where a cohort stands: enough to carry it on in another process (the facts are deterministic). */
export interface CohortState {
  contractId: string;
  participantIds: string[];
  /** Turns taken so far (the next participant is `turn % participants`). */
  turn: number;
  /** Facts taken so far of each participant's history. */
  taken: number[];
}

/**
 * One client's participants in one contract, each with its history to record; a client records the
 * next fact of each participant in turn, as facts arrive across a cohort week by week. Its state
 * travels between the bench's process (commands without HTTP) and the clients' process (HTTP), so
 * that every fact is recorded once, in order, whichever side records it.
 */
export class Cohort {
  private readonly scripts: Array<{ participantId: string; facts: Generator<FactSpec>; taken: number }>;
  private turn = 0;

  constructor(
    readonly contractId: string,
    readonly participantIds: string[],
  ) {
    this.scripts = participantIds.map((participantId) => ({ participantId, facts: participantFacts(TYPICAL_PLAN), taken: 0 }));
  }

  static from(state: CohortState): Cohort {
    const cohort = new Cohort(state.contractId, state.participantIds);
    cohort.restore(state);
    return cohort;
  }

  state(): CohortState {
    return { contractId: this.contractId, participantIds: this.participantIds, turn: this.turn, taken: this.scripts.map((s) => s.taken) };
  }

  /** Moves on to `state` (taken on elsewhere from this cohort's state or a later one). */
  restore(state: CohortState): void {
    this.scripts.forEach((script, i) => {
      while (script.taken < state.taken[i]) {
        if (script.facts.next().done) throw new Error(`cohort of ${this.contractId}: no fact ${state.taken[i]} for ${script.participantId}`);
        script.taken++;
      }
    });
    this.turn = state.turn;
  }

  next(): { participantId: string; fact: FactSpec } {
    for (let tried = 0; tried < this.scripts.length; tried++) {
      const script = this.scripts[this.turn++ % this.scripts.length];
      const next = script.facts.next();
      if (!next.done) {
        script.taken++;
        return { participantId: script.participantId, fact: next.value };
      }
    }
    throw new Error(`every participant of ${this.contractId} has recorded its whole history: raise PARTICIPANTS_PER_CLIENT`);
  }
}
