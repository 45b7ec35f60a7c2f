import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { GetOccurrenceProvenanceQuery, type OccurrenceProvenanceView } from '#contracts';
import { AsOfQuery } from '../as-of.query.js';
import { ReadModelResponses } from '../read-model.responses.js';
import { OccurrenceProvenanceResponse } from './get-occurrence-provenance.response.js';

@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class GetOccurrenceProvenanceController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId/occurrences/:paymentId')
  @Roles('commissioner', 'provider', 'investor', 'auditor')
  @ApiOperation({
    summary: 'One occurrence (payment identity) with its provenance, as recorded at asOf',
    description: 'The facts, by position in the log, that made it true (§6), who recorded them, and the cause of its reversal if reversed.',
  })
  @ReadModelResponses(OccurrenceProvenanceResponse, 'No such contract, or occurrence as recorded at asOf: `contract-not-found`, `occurrence-not-found`')
  get(@Param('contractId') contractId: string, @Param('paymentId') paymentId: string, @Query() query: AsOfQuery): Promise<OccurrenceProvenanceView> {
    return this.queryBus.execute(new GetOccurrenceProvenanceQuery(contractId, paymentId, query.asOf));
  }
}
