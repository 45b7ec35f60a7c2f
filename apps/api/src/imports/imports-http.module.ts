import { Module } from '@nestjs/common';
import { ContractsModule } from '../../../../libs/contracts/src/index.js';

/** Bulk import of facts from JSON Lines. */
@Module({
  imports: [ContractsModule],
  controllers: [],
})
export class ImportsHttpModule {}
