import { Module } from '@nestjs/common';
import { ContractsModule } from '../../../../libs/contracts/src/index.js';

/** Contract read models: summaries, participants, occurrences and their provenance, as recorded at any instant. */
@Module({
  imports: [ContractsModule],
  controllers: [],
})
export class ReadModelsHttpModule {}
