import { Injectable } from '@nestjs/common';
import { cloneContractState, type ContractState, copenhagenDateOf, contractStreamId } from '#domain';
import { type ContractEvidence, contractEvidence, contractFigures, ParticipantSummaries } from '#evidence';
import { PostgresEventStore } from '#event-store';
import { ContractHistory } from '../read-models/contract-history.service.js';
import { type CachedFigures, EvidenceFiguresCache } from './evidence-figures.cache.js';

/**
 * Contracts whose participant summaries are kept (the most recently read): about 1.2 KB a
 * participant (docs/evidence.md "What the figures cost").
 */
const SUMMARISED_CONTRACTS = 4;

/** A contract's evidence as recorded at an instant, with the log position it was read at. */
export interface EvidenceSnapshot {
  evidence: ContractEvidence;
  /** The instant it is as recorded at (UTC, microseconds). */
  asOf: string;
  version: number;
  takenAt: { streamVersion: number; globalPosition: string; transactionId: string };
}

/** A contract's figures as recorded at an instant, with the log position they were computed at. */
export interface FiguresSnapshot extends CachedFigures {
  asOf: string;
  version: number;
}

/**
 * Reads a contract's evidence as recorded at `asOf` (or now; checked by ContractHistory.asOfInstant,
 * so its Copenhagen date is a date of the contract's life). The state is copied first: the
 * evidence is read lazily while a package streams, and the command side's cached state goes on
 * changing meanwhile.
 */
@Injectable()
export class ContractEvidenceReader {
  constructor(
    private readonly history: ContractHistory,
    private readonly store: PostgresEventStore,
    private readonly cache: EvidenceFiguresCache,
  ) {}

  /** Per contract, its live state's participant summaries, the most recently read contracts last. */
  private readonly summaries = new Map<string, ParticipantSummaries>();

  /**
   * The figures as recorded at `asOf` (or now), computed once per log position and date
   * (EvidenceFiguresCache), from the state as it is (no copy: they are computed before the state
   * moves on). Now, from the live state's participant summaries, kept between calls, so that a new
   * fact costs the figures one participant's summary; at an earlier instant, from a state folded for
   * this read, summarised afresh.
   */
  async figures(contractId: string, asOf: string | undefined): Promise<FiguresSnapshot> {
    const { at, version, figures } = await this.history.read(contractId, asOf, (state: ContractState, at: string) => {
      const observedOn = copenhagenDateOf(at);
      const figures = this.cache.get(`${contractId} ${state.version} ${observedOn}`, () =>
        Promise.resolve(contractFigures(state, observedOn, asOf === undefined ? this.liveSummaries(contractId) : new ParticipantSummaries())),
      );
      return { at, version: state.version, figures };
    });
    return { asOf: at, version, ...(await figures) };
  }

  private liveSummaries(contractId: string): ParticipantSummaries {
    const kept = this.summaries.get(contractId) ?? new ParticipantSummaries();
    this.summaries.delete(contractId);
    this.summaries.set(contractId, kept);
    if (this.summaries.size > SUMMARISED_CONTRACTS) this.summaries.delete(this.summaries.keys().next().value!);
    return kept;
  }

  async read(contractId: string, asOf: string | undefined): Promise<EvidenceSnapshot> {
    const { state, at } = await this.history.read(contractId, asOf, (live: ContractState, at: string) => ({
      state: asOf === undefined ? cloneContractState(live) : live,
      at,
    }));
    const [last] = await this.store.readStream(contractStreamId(contractId), { fromVersion: state.version, toVersion: state.version });
    return {
      evidence: contractEvidence(state, copenhagenDateOf(at)),
      asOf: at,
      version: state.version,
      takenAt: { streamVersion: state.version, globalPosition: String(last.globalPosition), transactionId: last.transactionId },
    };
  }
}
