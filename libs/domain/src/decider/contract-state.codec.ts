import { BenefitWeekTable, type BenefitWeekColumns } from '../verification/benefit-week-table.js';
import type { CivilDate } from '../time/civil-date.js';
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

/**
 * A participant's state as JSON: its maps as lists (of values, where the value carries its key),
 * its payroll evidence as rows and its benefit weeks as their table's columns (with the ledger's
 * entries, the largest parts: written without their field names, docs/snapshots.md "Memory").
 */
interface EncodedParticipant extends Omit<ParticipantState, 'facts' | 'verified' | 'revisions'> {
  facts: Omit<ParticipantFacts, 'placements' | 'payrollEvidence' | 'benefitWeeks'> & {
    placements: PlacementFact[];
    payrollEvidence: PayrollEvidenceRow[];
    benefitWeeks: BenefitWeekColumns;
  };
  verified: Array<[string, string]>;
  revisions: Array<[string, number]>;
}

/** A payroll evidence's fields in this order; an absent source or document is null. */
type PayrollEvidenceRow = [
  evidenceId: string,
  placementId: string,
  from: CivilDate,
  to: CivilDate,
  revoked: boolean,
  position: number,
  source: string | null,
  documentSha256: string | null,
];

/** A ledger entry's fields, in the order evolve makes them: its row holds their values in this order. */
const LEDGER_FIELDS = [
  'paymentId',
  'participantId',
  'outcomeCode',
  'occurrence',
  'revision',
  'achievedOn',
  'price',
  'amount',
  'capReason',
  'termsVersion',
  'provenance',
  'verifiedAt',
  'reversal',
  'confirmation',
  'recovery',
  'supersession',
] as const satisfies ReadonlyArray<keyof LedgerEntry>;
// Every field of a ledger entry is listed (a field added to LedgerEntry fails to compile here).
const everyLedgerField: [Exclude<keyof LedgerEntry, (typeof LEDGER_FIELDS)[number]>] extends [never] ? true : never = true;
void everyLedgerField;

interface EncodedContractState {
  format: typeof CONTRACT_STATE_FORMAT;
  state: Omit<ContractState, 'participants' | 'ledger'> & { participants: EncodedParticipant[]; ledger: Array<unknown[] | LedgerEntry> };
}

/** The state as JSON text (a snapshot's body): decodeContractState gives back an equal state. */
export function encodeContractState(state: ContractState): string {
  const encoded: EncodedContractState = {
    format: CONTRACT_STATE_FORMAT,
    state: { ...state, participants: [...state.participants.values()].map(encodeParticipant), ledger: [...state.ledger.values()].map(ledgerRow) },
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
      payrollEvidence: [...facts.payrollEvidence.values()].map(evidenceRow),
      benefitWeeks: tableOf(facts.benefitWeeks).columns(),
    },
    verified: [...participant.verified],
    revisions: [...participant.revisions],
  };
}

/** The entry as a row of its values; as it is where a row would not give it back (a field undefined, as in entries of old events, or one more). */
function ledgerRow(entry: LedgerEntry): unknown[] | LedgerEntry {
  const values: unknown[] = LEDGER_FIELDS.map((field) => entry[field]);
  return values.includes(undefined) || Object.keys(entry).length !== LEDGER_FIELDS.length ? entry : values;
}

function ledgerEntryOf(encoded: unknown[] | LedgerEntry): LedgerEntry {
  if (!Array.isArray(encoded)) return encoded;
  if (encoded.length !== LEDGER_FIELDS.length) throw new Error('not a ledger entry');
  return Object.fromEntries(LEDGER_FIELDS.map((field, i) => [field, encoded[i]])) as unknown as LedgerEntry;
}

function evidenceRow(e: PayrollEvidenceFact): PayrollEvidenceRow {
  return [e.evidenceId, e.placementId, e.from, e.to, e.revoked, e.position, e.source ?? null, e.documentSha256 ?? null];
}

/** The evidence of a row, as the fold makes it (its placement id its placement's). */
function evidenceOf(row: PayrollEvidenceRow, placements: ReadonlyMap<string, PlacementFact>): PayrollEvidenceFact {
  const [evidenceId, placementId, from, to, revoked, position, source, documentSha256] = row;
  return {
    evidenceId,
    placementId: placements.get(placementId)?.placementId ?? placementId,
    from,
    to,
    revoked,
    position,
    source: sharedString(source ?? undefined),
    documentSha256: documentSha256 ?? undefined,
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
  const entries = new Map(ledger.map(ledgerEntryOf).map((entry) => [entry.paymentId, entry]));
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
  const placements = new VersionedMap(facts.placements.map((p) => [p.placementId, p]));
  const occurrence = ([key, value]: [string, string]): [string, string] => [sharedString(key), ledger.get(value)?.paymentId ?? value];
  return {
    ...participant,
    facts: {
      ...facts,
      participantId: participant.participantId,
      // Versioned as the fold's own are, so that a restored state reuses evaluations (rememberedEvaluation).
      placements,
      payrollEvidence: new VersionedMap(facts.payrollEvidence.map((row) => [row[0], evidenceOf(row, placements)])),
      benefitWeeks: BenefitWeekTable.fromColumns(facts.benefitWeeks),
    },
    verified: new Map(participant.verified.map(occurrence)),
    revisions: new Map(participant.revisions.map(([key, revision]) => [sharedString(key), revision])),
  };
}
