import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ListOccurrencesQuery, type OccurrencesView } from '#contracts';
import { ReadModelResponses } from '../read-model.responses.js';
import { ListOccurrencesQueryDto } from './list-occurrences.dto.js';
import { OccurrencesResponse } from './list-occurrences.response.js';

@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class ListOccurrencesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId/occurrences')
  @Roles('commissioner', 'investor', 'provider', 'auditor', 'payment-service')
  @ApiOperation({
    summary: 'The occurrences table: one row per payment identity, as recorded at asOf',
    description:
      'Kept by a catch-up subscription; answered from the table as it stands, without waiting for it. ' +
      '`projectedThrough` says how far it had got (`behind`: events of the contract not reflected yet). ' +
      'Paged (docs/reading.md#paging): in the order verified, `after` a page’s `next`; a page costs the rows it returns.',
  })
  @ReadModelResponses(OccurrencesResponse)
  list(@Param('contractId') contractId: string, @Query() query: ListOccurrencesQueryDto): Promise<OccurrencesView> {
    const { asOf, status, after, limit, participantId, outcomeCode } = query;
    return this.queryBus.execute(new ListOccurrencesQuery(contractId, asOf, status, { after, limit, participantId, outcomeCode }));
  }
}
