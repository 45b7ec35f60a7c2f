import type { ContractDefinition, ContractState, LedgerEntry, ParticipantState, PlacementFilter } from '#domain';
import {
  contractRowAsOf,
  evidenceTerms,
  laterDate,
  latestLedgerDate,
  latestParticipantDate,
  ledgerByParticipant,
  participantEvidence,
  sortedLedger,
} from '../tables/contract-evidence.js';
import { lastingOutcomeOf } from '../tables/evidence-definitions.js';
import type { ContractRow } from '../tables/evidence-rows.js';
import { type EvidenceFigures, figuresOf } from './evidence-figures.js';
import { type ParticipantSummary, participantSummary } from './participant-paths.js';

/** What a participant's summary was made from: while all of it is the same (the same objects, the same map versions), so is the summary. */
interface Remembered {
  participant: ParticipantState;
  facts: ParticipantState['facts'];
  referral: ParticipantState['referral'];
  enrolment: ParticipantState['enrolment'];
  withdrawal: ParticipantState['withdrawal'];
  enrolledOn: string | undefined;
  withdrawnOn: string | undefined;
  versions: [number, number, number];
  /** The participant's ledger entries, in the ledger's order (entries are replaced, never changed, by evolve). */
  ledger: readonly LedgerEntry[];
  summary: ParticipantSummary | null;
  /** The latest business date the participant's facts and ledger entries speak of. */
  latest: string | null;
}

/** A VersionedMap's version (every set, delete and clear moves it); undefined for a plain Map, whose changes cannot be seen. */
function versionOf(map: Map<unknown, unknown>): number | undefined {
  const version = (map as { version?: unknown }).version;
  return typeof version === 'number' ? version : undefined;
}

function versionsOf(participant: ParticipantState): [number, number, number] | undefined {
  const { placements, payrollEvidence, benefitWeeks } = participant.facts;
  const a = versionOf(placements);
  const b = versionOf(payrollEvidence);
  const c = versionOf(benefitWeeks);
  return a === undefined || b === undefined || c === undefined ? undefined : [a, b, c];
}

function sameEntries(a: readonly LedgerEntry[], b: readonly LedgerEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Each participant's summary (participantSummary) and latest fact date, kept for one contract's
 * live state and made again only for a participant whose state changed since: a new fact changes
 * one participant, so the figures after it summarise one participant, not all. A participant counts
 * as unchanged while its state's objects are the same ones and its fact maps are at the same
 * versions (evolve replaces the referral, enrolment, withdrawal and ledger entries and moves a
 * map's version on every change). A state folded afresh (asOf, a restart) has new objects, so
 * nothing is reused from another state: it is only slower, never wrong.
 */
export class ParticipantSummaries {
  private definition: ContractDefinition | null = null;
  /** By participant id; reused only for the same participant object (a state folded afresh has new ones). */
  private kept = new Map<string, Remembered>();
  /** The ledger's entries as last seen, in its order (a Map keeps an entry's place when it is replaced). */
  private ledgerSeen: LedgerEntry[] = [];
  private ledgerByParticipant = new Map<string, LedgerEntry[]>();

  /** The summaries of `state`'s referred participants (in its order), and the latest date any of its facts speaks of. */
  of(state: ContractState, definition: ContractDefinition, filter: PlacementFilter): { summaries: ParticipantSummary[]; latest: string | null } {
    if (definition !== this.definition) {
      this.definition = definition;
      this.kept = new Map();
    }
    // A state that holds fewer participants than are kept is another state (evolve never drops one): start afresh.
    if (state.participants.size < this.kept.size) this.kept = new Map();
    const lasting = lastingOutcomeOf(definition);
    const ledger = this.ledgerOf(state);
    const summaries: ParticipantSummary[] = [];
    let latest: string | null = null;
    let unheld = ledger.size;
    for (const participant of state.participants.values()) {
      const entries = ledger.get(participant.participantId) ?? NO_ENTRIES;
      if (entries !== NO_ENTRIES) unheld -= 1;
      let remembered = this.kept.get(participant.participantId);
      if (remembered === undefined || !unchanged(remembered, participant, entries)) {
        remembered = remember(participant, entries, (ownLedger) => {
          // participantEvidence reads the entries in the occurrences table's order.
          const evidence = participantEvidence(participant, filter, sortedLedger(ownLedger, definition));
          const own = { placements: evidence.placements(), spells: evidence.spells(), occurrences: evidence.occurrences(), payments: evidence.payments() };
          return participantSummary(evidence.row, own, lasting);
        });
        this.kept.set(participant.participantId, remembered);
      }
      if (remembered.summary !== null) summaries.push(remembered.summary);
      latest = laterDate(latest, remembered.latest);
    }
    // Entries of participants the state does not hold (none in a state folded by evolve) still date the contract.
    if (unheld > 0) for (const [id, entries] of ledger) if (!state.participants.has(id)) latest = laterDate(latest, latestLedgerDate(entries));
    return { summaries, latest };
  }

  /**
   * The ledger's entries by participant: regrouped only for the participants whose entries are new
   * or replaced since the last call (compared in the ledger's order, by identity), so that a call
   * after a new fact walks the ledger once without building its lists again.
   */
  private ledgerOf(state: ContractState): Map<string, LedgerEntry[]> {
    const seen = this.ledgerSeen;
    const now = [...state.ledger.values()];
    if (now.length < seen.length) {
      this.ledgerSeen = now;
      this.ledgerByParticipant = ledgerByParticipant(state);
      return this.ledgerByParticipant;
    }
    const changed = new Set<string>();
    for (let i = 0; i < now.length; i++) {
      if (now[i] === seen[i]) continue;
      changed.add(now[i].participantId);
      if (seen[i] !== undefined) changed.add(seen[i].participantId);
    }
    if (changed.size > 0) {
      for (const id of changed) this.ledgerByParticipant.delete(id);
      for (const entry of now) {
        if (!changed.has(entry.participantId)) continue;
        const list = this.ledgerByParticipant.get(entry.participantId);
        if (list === undefined) this.ledgerByParticipant.set(entry.participantId, [entry]);
        else list.push(entry);
      }
    }
    this.ledgerSeen = now;
    return this.ledgerByParticipant;
  }
}

const NO_ENTRIES: readonly LedgerEntry[] = [];

function unchanged(remembered: Remembered, participant: ParticipantState, entries: readonly LedgerEntry[]): boolean {
  const versions = versionsOf(participant);
  return (
    versions !== undefined &&
    remembered.participant === participant &&
    remembered.facts === participant.facts &&
    remembered.referral === participant.referral &&
    remembered.enrolment === participant.enrolment &&
    remembered.withdrawal === participant.withdrawal &&
    remembered.enrolledOn === participant.facts.enrolledOn &&
    remembered.withdrawnOn === participant.facts.withdrawnOn &&
    remembered.versions[0] === versions[0] &&
    remembered.versions[1] === versions[1] &&
    remembered.versions[2] === versions[2] &&
    sameEntries(remembered.ledger, entries)
  );
}

function remember(
  participant: ParticipantState,
  entries: readonly LedgerEntry[],
  summarise: (entries: readonly LedgerEntry[]) => ParticipantSummary,
): Remembered {
  return {
    participant,
    facts: participant.facts,
    referral: participant.referral,
    enrolment: participant.enrolment,
    withdrawal: participant.withdrawal,
    enrolledOn: participant.facts.enrolledOn,
    withdrawnOn: participant.facts.withdrawnOn,
    // Without versions (plain maps) it is never found unchanged: [-1, -1, -1] matches no version.
    versions: versionsOf(participant) ?? [-1, -1, -1],
    ledger: entries,
    summary: participant.referral === null ? null : summarise(entries),
    latest: laterDate(latestParticipantDate(participant), latestLedgerDate(entries)),
  };
}

/**
 * The evaluators' figures of a contract's state as seen on `observedOn`: the same as
 * computeFigures(evidenceTables(contractEvidence(state, observedOn))), with each participant's
 * rows summarised once per change of the participant (`summaries`: keep one per contract's live
 * state; a new one for a state read once).
 */
export function contractFigures(
  state: ContractState,
  observedOn: string,
  summaries: ParticipantSummaries = new ParticipantSummaries(),
): { contract: ContractRow; figures: EvidenceFigures } {
  const { definition, filter, outcomes } = evidenceTerms(state);
  const { summaries: own, latest } = summaries.of(state, definition, filter);
  const contract = contractRowAsOf(state, definition, filter, latest, observedOn);
  return { contract, figures: figuresOf(contract, outcomes, own) };
}
