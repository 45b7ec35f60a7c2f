import { Injectable } from '@nestjs/common';
import { Database } from '#database';
import { CommandIdReusedError, DeciderRunner, PostgresEventStore } from '#event-store';
import { Clock, type ContractCommand, contractDecider, type ContractState, isDomainError } from '#domain';
import { contractStreamId } from '#domain';
import { ContractSummaryProjection } from '../read-models/contract-summary.projection.js';
import type { SummaryTotals } from '../read-models/contract-summary.totals.js';
import { ContractSnapshots } from '../snapshots/contract-snapshots.js';

/** What the domain refuses, and a command id reused for another command: each fails alone, the rest of a batch goes on. */
export const isRefusal = (error: unknown): boolean => isDomainError(error) || error instanceof CommandIdReusedError;

/**
 * The decider runner of contracts' streams, one per process: both command handlers (one command,
 * an import's batch) and the reads of a contract's current state share its cached states and its
 * one-batch-at-a-time per contract, so that caps hold under concurrent requests.
 */
@Injectable()
export class ContractRunner extends DeciderRunner<ContractCommand, ContractState, SummaryTotals> {
  constructor(database: Database, store: PostgresEventStore, clock: Clock, snapshots: ContractSnapshots) {
    super(database.pool, store, contractDecider, () => clock.now(), { snapshots, projection: new ContractSummaryProjection() });
  }

  /**
   * Reads the contract's current committed state, and the summary's sums kept with it
   * (ContractSummaryProjection; absent only before the first read loads them); `read` must not keep or change either.
   * `summaryUnchangedSince`: the version of the summary's row this side last stored, when the summary at every batch since was that row's (DeciderRunner.withState).
   */
  withContractState<T>(
    contractId: string,
    read: (state: ContractState, streamVersion: number, summaryTotals: SummaryTotals | undefined, summaryUnchangedSince: number | undefined) => T,
  ): Promise<T> {
    return this.withState(contractStreamId(contractId), read);
  }
}
