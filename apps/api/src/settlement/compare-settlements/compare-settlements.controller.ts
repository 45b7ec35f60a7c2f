import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiOperation, ApiTags, PickType } from '@nestjs/swagger';
import { Roles } from '#auth';
import { GetSettlementComparisonQuery, type SettlementComparisonView } from '#contracts';
import { ErrorResponse, ReadModelResponses } from '../../read-models/read-model.responses.js';
import { WhatIfSettlementQueryDto } from '../what-if-settlement/what-if-settlement.query.js';
import { SettlementComparisonResponse } from './compare-settlements.response.js';

/** `GET …/settlement/what-if/comparison`: the termination date, and asOf; no overrides (every variant is one). */
export class CompareSettlementsQueryDto extends PickType(WhatIfSettlementQueryDto, ['terminatedOn', 'asOf'] as const) {}

@ApiTags('settlement')
@ApiBearerAuth()
@Controller()
export class CompareSettlementsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId/settlement/what-if/comparison')
  @Roles('commissioner', 'investor', 'auditor')
  @ApiOperation({
    summary: 'What would a termination on terminatedOn settle under each method? The what-if side by side (§7); nothing is recorded',
    description:
      'The contract’s own terms, then tailPeriod (its tail as long as the contract’s horizon), expectedValue with estimated rates and ' +
      'with kaplanMeier rates, each once: totals, status, rates and the number of lines, so the parties see what each choice means ' +
      'before they agree one. The lines of a variant are the what-if with its terms. Amounts in minor units.',
  })
  @ReadModelResponses(SettlementComparisonResponse)
  @ApiConflictResponse({ type: ErrorResponse, description: 'The contract has been terminated: `contract-terminated` (read its settlement instead)' })
  get(@Param('contractId') contractId: string, @Query() query: CompareSettlementsQueryDto): Promise<SettlementComparisonView> {
    return this.queryBus.execute(new GetSettlementComparisonQuery(contractId, query.terminatedOn, query.asOf));
  }
}
