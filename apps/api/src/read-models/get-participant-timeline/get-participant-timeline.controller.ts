import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { GetParticipantTimelineQuery, type ParticipantTimelineView } from '#contracts';
import { ParticipantIdPipe } from '../../common/participant-id.pipe.js';
import { AsOfQuery } from '../as-of.query.js';
import { ReadModelResponses } from '../read-model.responses.js';
import { ParticipantTimelineResponse } from './get-participant-timeline.response.js';

@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class GetParticipantTimelineController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId/participants/:participantId/timeline')
  @Roles('commissioner', 'provider', 'investor', 'auditor')
  @ApiOperation({ summary: 'A participant’s facts and occurrences in log order, as recorded at asOf' })
  @ReadModelResponses(ParticipantTimelineResponse, 'No such contract, or participant as recorded at asOf: `contract-not-found`, `participant-not-found`')
  get(
    @Param('contractId') contractId: string,
    @Param('participantId', ParticipantIdPipe) participantId: string,
    @Query() query: AsOfQuery,
  ): Promise<ParticipantTimelineView> {
    return this.queryBus.execute(new GetParticipantTimelineQuery(contractId, participantId, query.asOf));
  }
}
