import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { BulkImport, ContractsModule } from '../../../../libs/contracts/src/index.js';
import { ImportFactsController } from './import-facts.controller.js';
import { JsonLinesBodyParser } from './json-lines-body.middleware.js';

/** Bulk import of facts from JSON Lines: `POST /contracts/:contractId/imports`. */
@Module({
  imports: [ContractsModule],
  providers: [BulkImport],
  controllers: [ImportFactsController],
})
export class ImportsHttpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonLinesBodyParser).forRoutes({ path: 'contracts/:contractId/imports', method: RequestMethod.POST });
  }
}
