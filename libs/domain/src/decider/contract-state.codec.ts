import { BenefitWeekTable, type BenefitWeekColumns } from '../verification/benefit-week-table.js';
import type { ParticipantFacts, PayrollEvidenceFact, PlacementFact } from '../verification/participant-facts.js';
import { sharedString } from '../shared/shared-strings.js';
import { VersionedMap } from '../shared/versioned-map.js';
import type { ContractState, LedgerEntry, ParticipantState } from './contract.state.js';

/**
 * The version of the encoding below. Raise it when the encoding changes (a field of the state
 * added, renamed or re-shaped is also a change of the domain's code, which the snapshots' rules
 * version hashes: this number is for the encoding's own shape).
 */
export const CONTRACT_STATE_FORMAT = 2;

/** A participant's state as JSON: its maps as lists (of values, where the value carries its key), its benefit weeks as their table's columns. */
interface EncodedParticipant extends Omit<ParticipantState, 'facts' | 'verified' | 'revisions'> {
  facts: Omit<ParticipantFacts, 'placements' | 'payrollEvidence' | 'benefitWeeks'> & {
    placements: PlacementFact[];
    payrollEvidence: PayrollEvidenceFact[];
    benefitWeeks: BenefitWeekColumns;
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
      benefitWeeks: tableOf(facts.benefitWeeks).columns(),
    },
    verified: [...participant.verified],
    revisions: [...participant.revisions],
  };
}

function tableOf(weeks: ParticipantFacts['benefitWeeks']): BenefitWeekTable {
  return weeks instanceof BenefitWeekTable ? weeks : new BenefitWeekTable(weeks.values());
}

/** The state encodeContractState wrote; throws when the text is not JSON of this format. */
export function decodeContractState(text: string): ContractState {
  const encoded = JSON.parse(text) as Partial<EncodedContractState> | null;
  if (encoded?.format !== CONTRACT_STATE_FORMAT || !Array.isArray(encoded.state?.participants) || !Array.isArray(encoded.state.ledger)) {
    throw new Error(`not a contract state of format ${CONTRACT_STATE_FORMAT}`);
  }
  const { participants, ledger, ...rest } = encoded.state;
  // Each value as one string, as the fold keeps it (docs/snapshots.md "Memory"): JSON.parse gives every copy its own.
  const entries = new Map(ledger.map((entry) => [entry.paymentId, entry]));
  const decoded = new Map(participants.map((p) => [p.participantId, decodeParticipant(p, entries)]));
  for (const entry of entries.values()) {
    const shared = entry as { -readonly [K in keyof LedgerEntry]: LedgerEntry[K] };
    shared.participantId = decoded.get(entry.participantId)?.participantId ?? entry.participantId;
    shared.outcomeCode = sharedString(entry.outcomeCode);
    shared.achievedOn = sharedString(entry.achievedOn);
    shared.capReason = sharedString(entry.capReason);
  }
  return { ...rest, participants: decoded, ledger: entries };
}

function decodeParticipant(participant: EncodedParticipant, ledger: ReadonlyMap<string, LedgerEntry>): ParticipantState {
  const { facts } = participant;
  const occurrence = ([key, value]: [string, string]): [string, string] => [sharedString(key), ledger.get(value)?.paymentId ?? value];
  return {
    ...participant,
    facts: {
      ...facts,
      participantId: participant.participantId,
      // Versioned as the fold's own are, so that a restored state reuses evaluations (rememberedEvaluation).
      placements: new VersionedMap(facts.placements.map((p) => [p.placementId, p])),
      payrollEvidence: new VersionedMap(facts.payrollEvidence.map((e) => [e.evidenceId, e])),
      benefitWeeks: BenefitWeekTable.fromColumns(facts.benefitWeeks),
    },
    verified: new Map(participant.verified.map(occurrence)),
    revisions: new Map(participant.revisions.map(([key, revision]) => [sharedString(key), revision])),
  };
}
