import { Injectable, Logger } from '@nestjs/common';
import { Clock, contractNotFound, contractStreamId } from '#domain';
import { PostgresEventStore } from '#event-store';
import { ContractRunner } from '../application/contract.runner.js';
import { ContractHistory } from './contract-history.service.js';
import { contractSummaryProjectionName, decodeStoredSummary, encodeStoredSummary } from './contract-summary.projection.js';
import { summaryTotalsOf } from './contract-summary.totals.js';
import { type ContractSummaryView, contractSummaryView, summaryViewOf } from './contract-summary.view.js';

/**
 * The contract summary (GET /contracts/{id}) without a walk over the contract (docs/snapshots.md, "The contract summary"):
 * now, from the sums the command side keeps with its state (ContractSummaryProjection); as
 * recorded at an instant, the latest summary stored at or below the version recorded by then, when
 * the rows or the command side show that nothing the summary shows changed in between (the command
 * side stores one only when it changed), or, at the latest version, the command side's; where
 * neither is there (a contract recorded before the projection, or under another version of its
 * code, or a gap after a restart), the fold of ContractHistory, which then stores it for the next read.
 */
@Injectable()
export class ContractSummaries {
  private readonly logger = new Logger('ContractSummaries');
  private readonly projection = contractSummaryProjectionName();

  constructor(
    private readonly history: ContractHistory,
    private readonly contracts: ContractRunner,
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  async summary(contractId: string, asOf: string | undefined): Promise<ContractSummaryView> {
    const at = await this.history.asOfInstant(contractId, asOf);
    if (at === undefined) {
      return this.contracts.withContractState(contractId, (state, _version, totals) => {
        if (state.status === 'unregistered') throw contractNotFound(contractId);
        return summaryViewOf(state, totals ?? summaryTotalsOf(state), this.clock.instant());
      });
    }
    const streamId = contractStreamId(contractId);
    const version = await this.store.streamVersion(streamId, { recordedAtOrBefore: at });
    const { row, exact } = await this.store.projectedValueAt(streamId, this.projection, version);
    if (row !== undefined && exact) return decodeStoredSummary(row.value, { contractId, asOf: at, version });
    const latest = await this.contracts.withContractState(contractId, (state, current, totals, unchangedSince) => {
      if (current === version && totals !== undefined && state.status !== 'unregistered') return summaryViewOf(state, totals, at);
      // Past the last row, which the command side stored and has found unchanged at every batch since.
      const unchanged = row !== undefined && unchangedSince !== undefined && unchangedSince <= row.version && version < current;
      return unchanged ? decodeStoredSummary(row.value, { contractId, asOf: at, version }) : undefined;
    });
    if (latest !== undefined) return latest;
    const folded = await this.history.read(contractId, at, contractSummaryView);
    await this.store
      .writeProjectedValue(streamId, folded.version, { projection: this.projection, value: encodeStoredSummary(folded), previousVersion: null })
      .catch((error: unknown) => this.logger.warn(`the summary of ${contractId} at version ${folded.version} was not stored: ${String(error)}`));
    return folded;
  }
}
