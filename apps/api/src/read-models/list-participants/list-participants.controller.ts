import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ListParticipantsQuery, type ParticipantsView } from '#contracts';
import { AsOfQuery } from '../as-of.query.js';
import { ReadModelResponses } from '../read-model.responses.js';
import { ParticipantsResponse } from './list-participants.response.js';

@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class ListParticipantsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId/participants')
  @Roles('commissioner', 'provider', 'investor', 'auditor')
  @ApiOperation({ summary: 'Every participant (by pseudonym) with status, dates, placements and money against the cap, as recorded at asOf' })
  @ReadModelResponses(ParticipantsResponse)
  list(@Param('contractId') contractId: string, @Query() query: AsOfQuery): Promise<ParticipantsView> {
    return this.queryBus.execute(new ListParticipantsQuery(contractId, query.asOf));
  }
}
