import { setImmediate } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { cloneContractState, type ContractState, copenhagenDateOf, contractStreamId } from '#domain';
import { type ContractEvidence, computeFigures, contractEvidence, evidenceTables } from '#evidence';
import { PostgresEventStore } from '#event-store';
import { ContractHistory } from '../read-models/contract-history.service.js';
import { type CachedFigures, EvidenceFiguresCache } from './evidence-figures.cache.js';

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

  /**
   * The figures as recorded at `asOf` (or now), computed once per log position and date
   * (EvidenceFiguresCache); the state is copied only when they are computed.
   */
  async figures(contractId: string, asOf: string | undefined): Promise<FiguresSnapshot> {
    const { at, version, figures } = await this.history.read(contractId, asOf, (live: ContractState, at: string) => {
      const observedOn = copenhagenDateOf(at);
      const figures = this.cache.get(`${contractId} ${live.version} ${observedOn}`, () =>
        computeContractFigures(asOf === undefined ? cloneContractState(live) : live, observedOn),
      );
      return { at, version: live.version, figures };
    });
    return { asOf: at, version, ...(await figures) };
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

/**
 * Each step takes a fraction of a second for a big contract: the event loop serves other requests
 * between them.
 */
async function computeContractFigures(state: ContractState, observedOn: string): Promise<CachedFigures> {
  await setImmediate();
  const evidence = contractEvidence(state, observedOn);
  await setImmediate();
  const tables = evidenceTables(evidence);
  await setImmediate();
  return { contract: evidence.contract, figures: computeFigures(tables) };
}
