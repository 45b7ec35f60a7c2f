import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { type EvidenceExportsView, ListEvidenceExportsQuery } from '#contracts';
import { ReadModelResponses } from '../../read-models/read-model.responses.js';
import { EvidenceExportsResponse } from './list-evidence-exports.response.js';

@ApiTags('evaluators')
@ApiBearerAuth()
@Controller()
export class ListEvidenceExportsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId/evidence-exports')
  @Roles('auditor', 'commissioner')
  @ApiOperation({
    summary: 'Every evidence package handed out for the contract: who, when, with which options, the package’s SHA-256',
    description: 'Read from the EvidenceExported facts in the contract’s log, in log order.',
  })
  @ReadModelResponses(EvidenceExportsResponse)
  list(@Param('contractId') contractId: string): Promise<EvidenceExportsView> {
    return this.queryBus.execute(new ListEvidenceExportsQuery(contractId));
  }
}
