import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { GetWhatIfSettlementQuery, type WhatIfSettlementView } from '#contracts';
import { ErrorResponse, ReadModelResponses } from '../../read-models/read-model.responses.js';
import { WhatIfSettlementQueryDto } from './what-if-settlement.query.js';
import { WhatIfSettlementResponse } from './what-if-settlement.response.js';

@ApiTags('settlement')
@ApiBearerAuth()
@Controller()
export class WhatIfSettlementController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId/settlement/what-if')
  @Roles('commissioner', 'investor', 'auditor')
  @ApiOperation({
    summary: 'What if the contract ended on terminatedOn? The settlement a termination recorded now would give (§7); nothing is recorded',
    description:
      'From the facts known now (or as recorded at asOf) whose business dates are on or before terminatedOn, under the contract’s ' +
      'termination terms or the overrides given (method, horizonWeeks, fallbackRate, rates, tailWeeks). Amounts in minor units. ' +
      'The lines come a page at a time (after, limit; filtered by participantId, outcomeCode), with the totals and the digest of all of them.',
  })
  @ReadModelResponses(WhatIfSettlementResponse)
  @ApiConflictResponse({ type: ErrorResponse, description: 'The contract has been terminated: `contract-terminated` (read its settlement instead)' })
  get(@Param('contractId') contractId: string, @Query() query: WhatIfSettlementQueryDto): Promise<WhatIfSettlementView> {
    const { terminatedOn, asOf, method, horizonWeeks, fallbackRate, rates, tailWeeks, after, limit, participantId, outcomeCode } = query;
    const overrides = Object.fromEntries(Object.entries({ method, horizonWeeks, fallbackRate, rates, tailWeeks }).filter(([, value]) => value !== undefined));
    return this.queryBus.execute(new GetWhatIfSettlementQuery(contractId, terminatedOn, overrides, asOf, { after, limit, participantId, outcomeCode }));
  }
}
