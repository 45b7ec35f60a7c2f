import { noContractInStream } from '../contract/contract-not-found.js';
import { contractWindow, evidenceGraceEnd } from '../contract/contract-window.js';
import type { ContractState } from '../decider/contract.state.js';
import { DomainError } from '../shared/domain.error.js';
import { compareDates, toEpochDay } from '../time/civil-date.js';
import { copenhagenDateOf } from '../time/copenhagen.js';
import { isIsoInstant } from '../time/instant.js';
import { futureLines } from './future-lines.js';
import { participantOutlooks } from './participant-outlook.js';
import { settlementRates } from './settlement-rates.js';
import type { Settlement, SettlementLine, SettlementRate } from './settlement.js';

export interface SettlementOptions {
  /** The current instant (ISO-8601 with a zone): the settlement is final once its Copenhagen date is after finalOn. */
  now: string;
}

/**
 * The settlement of a terminated contract (docs/rules.md §7) from its state: the achieved part, the
 * confirmed payments, and under expectedValue the rates and the future lines. Pure and
 * deterministic: the same facts give the same settlement, however they were batched. Refuses a
 * contract that is not terminated (see whatIfSettlement).
 */
export function computeSettlement(state: ContractState, options: SettlementOptions): Settlement {
  const definition = state.definition;
  if (state.status === 'unregistered' || definition === null) {
    throw noContractInStream();
  }
  const termination = state.termination;
  if (termination === null) {
    throw new DomainError('conflict', 'contract-not-terminated', 'The contract has not been terminated; a settlement before that is a what-if.');
  }
  if (!isIsoInstant(options.now)) throw new DomainError('invalid', 'invalid-field', 'now must be an ISO-8601 instant with a zone.', { field: 'now' });

  const window = contractWindow(definition, termination);
  const finalOn = evidenceGraceEnd(definition, termination);
  const terminatedOn = toEpochDay(termination.effectiveOn);
  let rates: SettlementRate[] = [];
  let lines: SettlementLine[] = [];
  if (termination.terms.method === 'expectedValue') {
    const outlooks = participantOutlooks(state, definition, window, terminatedOn);
    rates = settlementRates(definition, termination.terms, outlooks, terminatedOn);
    lines = futureLines(state, definition, termination.terms, outlooks, rates, terminatedOn);
  }
  // The termination, and every fact after it, reverse whatever no longer holds inside the window,
  // so every verified, unreversed occurrence is achieved inside it. Not filtered by the ledger's
  // achievedOn: that is the date at verification, which a later fact may have moved (into the
  // window) while the occurrence kept holding, and so its payment identity.
  const achieved = state.totals.committed;
  // Once agreed, the settlement is what was agreed: money that moves after it is an adjustment's
  // (docs/rules.md §7 "No money paid twice"), not a change of the settlement.
  const { agreement, proposals } = state.settlement;
  const confirmed = agreement === null ? state.totals.confirmed : proposals[agreement.proposalId - 1].confirmed;
  const future = lines.reduce((sum, line) => sum + line.amount, 0);
  return {
    contractId: definition.contractId,
    terminatedOn: termination.effectiveOn,
    method: termination.terms.method,
    status: compareDates(copenhagenDateOf(options.now), finalOn) > 0 ? 'final' : 'provisional',
    computedAtVersion: state.version,
    finalOn,
    achieved,
    confirmed,
    future,
    due: achieved - confirmed + future,
    rates,
    lines,
  };
}
