import type { BenefitWeekFact, ParticipantFacts, PayrollEvidenceFact, PlacementFact } from '../verification/participant-facts.js';
import { VersionedMap } from '../shared/versioned-map.js';
import type { ContractState, LedgerEntry, ParticipantState } from './contract.state.js';

/**
 * The version of the encoding below. Raise it when the encoding changes (a field of the state
 * added, renamed or re-shaped is also a change of the domain's code, which the snapshots' rules
 * version hashes: this number is for the encoding's own shape).
 */
export const CONTRACT_STATE_FORMAT = 1;

/** A participant's state as JSON: its maps as lists (of values, where the value carries its key). */
interface EncodedParticipant extends Omit<ParticipantState, 'facts' | 'verified' | 'revisions'> {
  facts: Omit<ParticipantFacts, 'placements' | 'payrollEvidence' | 'benefitWeeks'> & {
    placements: PlacementFact[];
    payrollEvidence: PayrollEvidenceFact[];
    benefitWeeks: BenefitWeekFact[];
  };
  verified: Array<[string, string]>;
  revisions: Array<[string, number]>;
}

interface EncodedContractState {
  format: typeof CONTRACT_STATE_FORMAT;
  state: Omit<ContractState, 'participants' | 'ledger'> & { participants: EncodedParticipant[]; ledger: LedgerEntry[] };
}

/** The state as JSON text (a snapshot's body): decodeContractState gives back an equal state. */
export function encodeContractState(state: ContractState): string {
  const encoded: EncodedContractState = {
    format: CONTRACT_STATE_FORMAT,
    state: { ...state, participants: [...state.participants.values()].map(encodeParticipant), ledger: [...state.ledger.values()] },
  };
  return JSON.stringify(encoded);
}

function encodeParticipant(participant: ParticipantState): EncodedParticipant {
  const { facts } = participant;
  return {
    ...participant,
    facts: {
      ...facts,
      placements: [...facts.placements.values()],
      payrollEvidence: [...facts.payrollEvidence.values()],
      benefitWeeks: [...facts.benefitWeeks.values()],
    },
    verified: [...participant.verified],
    revisions: [...participant.revisions],
  };
}

/** The state encodeContractState wrote; throws when the text is not JSON of this format. */
export function decodeContractState(text: string): ContractState {
  const encoded = JSON.parse(text) as Partial<EncodedContractState> | null;
  if (encoded?.format !== CONTRACT_STATE_FORMAT || !Array.isArray(encoded.state?.participants) || !Array.isArray(encoded.state.ledger)) {
    throw new Error(`not a contract state of format ${CONTRACT_STATE_FORMAT}`);
  }
  const { participants, ledger, ...rest } = encoded.state;
  return {
    ...rest,
    participants: new Map(participants.map((p) => [p.participantId, decodeParticipant(p)])),
    ledger: new Map(ledger.map((entry) => [entry.paymentId, entry])),
  };
}

function decodeParticipant(participant: EncodedParticipant): ParticipantState {
  const { facts } = participant;
  return {
    ...participant,
    facts: {
      ...facts,
      // Versioned as the fold's own are, so that a restored state reuses evaluations (rememberedEvaluation).
      placements: new VersionedMap(facts.placements.map((p) => [p.placementId, p])),
      payrollEvidence: new VersionedMap(facts.payrollEvidence.map((e) => [e.evidenceId, e])),
      benefitWeeks: new VersionedMap(facts.benefitWeeks.map((w) => [w.week, w])),
    },
    verified: new Map(participant.verified),
    revisions: new Map(participant.revisions),
  };
}
