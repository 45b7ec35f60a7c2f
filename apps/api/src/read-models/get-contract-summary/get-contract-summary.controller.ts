import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { type ContractSummaryView, GetContractSummaryQuery } from '#contracts';
import { AsOfQuery } from '../as-of.query.js';
import { ReadModelResponses } from '../read-model.responses.js';
import { ContractSummaryResponse } from './get-contract-summary.response.js';

@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class GetContractSummaryController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId')
  @Roles('commissioner', 'investor', 'provider', 'auditor', 'evaluator')
  @ApiOperation({
    summary: 'The contract at a glance, as recorded at asOf: status, participants, funnel, outcomes, money and caps',
    description: 'Aggregates only (no participant is named). Amounts are integers in minor units.',
  })
  @ReadModelResponses(ContractSummaryResponse)
  get(@Param('contractId') contractId: string, @Query() query: AsOfQuery): Promise<ContractSummaryView> {
    return this.queryBus.execute(new GetContractSummaryQuery(contractId, query.asOf));
  }
}
