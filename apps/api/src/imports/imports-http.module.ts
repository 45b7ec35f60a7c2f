import { Module } from '@nestjs/common';
import { BulkImport, ContractsModule } from '#contracts';
import { ImportFactsController } from './import-facts.controller.js';

/** Bulk import of facts from JSON Lines: `POST /contracts/:contractId/imports` (body parser: json-lines-body.parser.ts). */
@Module({
  imports: [ContractsModule],
  providers: [BulkImport],
  controllers: [ImportFactsController],
})
export class ImportsHttpModule {}
