import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ListParticipantsQuery, type ParticipantsView } from '#contracts';
import { ReadModelResponses } from '../read-model.responses.js';
import { ListParticipantsQueryDto } from './list-participants.dto.js';
import { ParticipantsResponse } from './list-participants.response.js';

@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class ListParticipantsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId/participants')
  @Roles('commissioner', 'provider', 'investor', 'auditor')
  @ApiOperation({
    summary: 'The participants (by pseudonym) with status, dates, placements and money against the cap, as recorded at asOf',
    description: 'Paged (docs/reading.md#paging): in the order first referred, `after` a page’s `next`; filtered by status and intake variant.',
  })
  @ReadModelResponses(ParticipantsResponse)
  list(@Param('contractId') contractId: string, @Query() query: ListParticipantsQueryDto): Promise<ParticipantsView> {
    const { asOf, after, limit, status, intakeVariant } = query;
    return this.queryBus.execute(new ListParticipantsQuery(contractId, asOf, { after, limit, status, intakeVariant }));
  }
}
