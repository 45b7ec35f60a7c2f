import { Module } from '@nestjs/common';
import { ContractReadModelsModule } from '#contracts';
import { GetContractSummaryController } from './get-contract-summary/get-contract-summary.controller.js';
import { GetOccurrenceProvenanceController } from './get-occurrence-provenance/get-occurrence-provenance.controller.js';
import { GetParticipantTimelineController } from './get-participant-timeline/get-participant-timeline.controller.js';
import { ListOccurrencesController } from './list-occurrences/list-occurrences.controller.js';
import { ListParticipantsController } from './list-participants/list-participants.controller.js';

/**
 * Contract read models: summaries, participants, occurrences and their provenance, each as recorded
 * at any instant (`?asOf=`). One controller per query; each sends its query through the QueryBus.
 */
@Module({
  imports: [ContractReadModelsModule],
  controllers: [
    GetContractSummaryController,
    ListParticipantsController,
    GetParticipantTimelineController,
    ListOccurrencesController,
    GetOccurrenceProvenanceController,
  ],
})
export class ReadModelsHttpModule {}
