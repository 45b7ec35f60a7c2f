import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { type EvidenceFiguresView, GetEvidenceFiguresQuery } from '#contracts';
import { AsOfQuery } from '../../read-models/as-of.query.js';
import { ReadModelResponses } from '../../read-models/read-model.responses.js';
import { EvidenceFiguresResponse } from './get-evidence-figures.response.js';
import { HeavyRead } from '../../common/heavy-read.limit.js';

@ApiTags('evaluators')
@ApiBearerAuth()
@Controller()
export class GetEvidenceFiguresController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId/figures')
  @HeavyRead()
  @Roles('evaluator', 'auditor', 'commissioner', 'investor')
  @ApiOperation({
    summary: 'The figures evaluators ask for, as recorded at asOf',
    description:
      'The funnel, dropout by intake variant (Wilson 95 % intervals), employment relationships before a lasting attachment, ' +
      'Kaplan–Meier time to first job and to lasting attachment, outcomes and payments by month against the caps. Computed from ' +
      'the evidence package’s tables alone; a cell of fewer than 5 participants is null, and `suppression` says how many were withheld.',
  })
  @ReadModelResponses(EvidenceFiguresResponse)
  figures(@Param('contractId') contractId: string, @Query() query: AsOfQuery): Promise<EvidenceFiguresView> {
    return this.queryBus.execute(new GetEvidenceFiguresQuery(contractId, query.asOf));
  }
}
