import { Injectable } from '@nestjs/common';
import { type ContractState, contractNotFound, contractStreamId, evolve, initialContractState } from '#domain';
import { EventStreamReader, type RecordedEvent } from '#event-store';
import { ContractRunner } from '../application/contract.runner.js';
import { ContractHistory } from './contract-history.service.js';
import { LEDGER_MOVE_EVENT_TYPES } from './participant-timeline.view.js';

/** One participant's part of the contract as recorded at an instant. */
export interface ParticipantAsRecorded {
  /** The instant, in the store's form (ContractHistory.asOfInstant's). */
  asOf: string;
  /**
   * The contract's state as recorded then for this participant and what is about the contract as
   * a whole (terms, status, termination, proposals), at the contract's version then. Other
   * participants and their ledger entries are absent, so the contract's totals are partial, and
   * so is the settlement (its agreement, adjustments and payments name a payment of their own and
   * are not read): read this participant, its ledger entries and the contract's terms only.
   */
  state: ContractState;
  /** The participant's events up to that version, and those of LEDGER_MOVE_EVENT_TYPES about its payments, in log order. */
  events: RecordedEvent[];
}

/**
 * "As recorded at" reads of one participant or one occurrence, at the cost of what they return.
 * evolve is decomposable: a participant's events change only that participant, its ledger entries
 * and the contract's totals; a payment's move changes only the entry it names; the other events
 * (naming neither a participant nor a payment) only the contract-level fields. So a participant
 * and its ledger entries as recorded at version V are the fold, in log order, of the contract-level
 * events up to V and of the participant's own events and its payments' moves up to V: two index
 * reads (EventStreamReader.readStreamLevelEvents, readParticipantEvents), where ContractHistory.read
 * decodes a snapshot of the whole contract and folds the events since.
 */
@Injectable()
export class ParticipantHistory {
  constructor(
    private readonly history: ContractHistory,
    private readonly contracts: ContractRunner,
    private readonly store: EventStreamReader,
  ) {}

  /** The participant's part of the contract as recorded at `asOf` (checked as ContractHistory.asOfInstant checks it); the participant is absent from it when it was not in the contract then. */
  async participantAt(contractId: string, participantId: string, asOf: string): Promise<ParticipantAsRecorded> {
    return this.partAt(contractId, participantId, await this.instant(contractId, asOf));
  }

  /**
   * The part of the contract as recorded at `asOf` of the participant whose occurrence `paymentId`
   * is (its ledger entry is in it when the occurrence was recorded by then); undefined when the
   * contract has no such occurrence now, and so had none then (a ledger entry is never removed).
   * Whose occurrence it is comes from the current state's ledger (the command side's cache).
   */
  async occurrenceAt(contractId: string, paymentId: string, asOf: string): Promise<ParticipantAsRecorded | undefined> {
    const at = await this.instant(contractId, asOf);
    const participantId = await this.contracts.withContractState(contractId, (state) => state.ledger.get(paymentId)?.participantId);
    return participantId === undefined ? undefined : this.partAt(contractId, participantId, at);
  }

  private async instant(contractId: string, asOf: string): Promise<string> {
    const at = await this.history.asOfInstant(contractId, asOf);
    if (at === undefined) throw new Error('asOfInstant answered no instant for one');
    return at;
  }

  private async partAt(contractId: string, participantId: string, asOf: string): Promise<ParticipantAsRecorded> {
    const streamId = contractStreamId(contractId);
    const version = await this.store.streamVersion(streamId, { recordedAtOrBefore: asOf });
    const [contractLevel, events] = await Promise.all([
      this.store.readStreamLevelEvents(streamId, { toVersion: version }),
      this.store.readParticipantEvents(streamId, participantId, { toVersion: version, paymentEventTypes: LEDGER_MOVE_EVENT_TYPES }),
    ]);
    const state = foldParticipantPart(contractLevel, events, version);
    if (state.status === 'unregistered') throw contractNotFound(contractId, asOf);
    return { asOf, state, events };
  }
}

/**
 * The state folded from the contract-level events and one participant's (both in log order, up
 * to `version`), merged in log order, at the contract's `version` (ParticipantAsRecorded.state).
 */
export function foldParticipantPart(contractLevel: readonly RecordedEvent[], participant: readonly RecordedEvent[], version: number): ContractState {
  const state = initialContractState();
  let c = 0;
  let p = 0;
  while (c < contractLevel.length || p < participant.length) {
    const contractFirst = p === participant.length || (c < contractLevel.length && contractLevel[c].streamVersion < participant[p].streamVersion);
    evolve(state, contractFirst ? contractLevel[c++] : participant[p++]);
  }
  state.version = version;
  return state;
}
