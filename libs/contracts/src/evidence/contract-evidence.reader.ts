import { Injectable } from '@nestjs/common';
import { cloneContractState, type ContractState, copenhagenDateOf } from '#domain';
import { type ContractEvidence, contractEvidence } from '#evidence';
import { PostgresEventStore } from '#event-store';
import { contractStreamId } from '../contract-stream.js';
import { ContractHistory } from '../read-models/contract-history.service.js';

/** A contract's evidence as recorded at an instant, with the log position it was read at. */
export interface EvidenceSnapshot {
  evidence: ContractEvidence;
  /** The instant it is as recorded at (UTC, microseconds). */
  asOf: string;
  version: number;
  takenAt: { streamVersion: number; globalPosition: string; transactionId: string };
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
  ) {}

  async read(contractId: string, asOf: string | undefined): Promise<EvidenceSnapshot> {
    const { state, at } = await this.history.read(contractId, asOf, (live: ContractState, at: string) => ({ state: asOf === undefined ? cloneContractState(live) : live, at }));
    const [last] = await this.store.readStream(contractStreamId(contractId), { fromVersion: state.version, toVersion: state.version });
    return {
      evidence: contractEvidence(state, copenhagenDateOf(at)),
      asOf: at,
      version: state.version,
      takenAt: { streamVersion: state.version, globalPosition: String(last.globalPosition), transactionId: last.transactionId },
    };
  }
}
