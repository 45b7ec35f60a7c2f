import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts.module.js';
import { ContractHistory } from './contract-history.service.js';
import { ContractSummaries } from './contract-summaries.service.js';
import { OccurrencesTable } from './occurrences.table.js';
import { ParticipantHistory } from './participant-history.service.js';
import { contractQueryHandlers } from './query-handlers.js';
import { SettlementCache } from './settlement.cache.js';

/**
 * The contracts' read side: query handlers on the QueryBus, over the contract as recorded at any
 * instant (ContractHistory; one participant's part of it: ParticipantHistory) and the occurrences
 * table (kept by OccurrencesProjection, which the platform's subscriptions host runs: see
 * contractProjections).
 */
@Module({
  imports: [ContractsModule],
  providers: [ContractHistory, ContractSummaries, ParticipantHistory, OccurrencesTable, SettlementCache, ...contractQueryHandlers],
  exports: [ContractHistory, OccurrencesTable],
})
export class ContractReadModelsModule {}
