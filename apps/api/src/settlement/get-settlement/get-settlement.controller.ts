import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import Negotiator from 'negotiator';
import { Roles } from '#auth';
import { GetSettlementQuery, type SettlementView } from '#contracts';
import { ApiError } from '../../common/api-error.js';
import { ContractFiltersQuery } from '../../read-models/page.query.js';
import { ErrorResponse, ReadModelResponses } from '../../read-models/read-model.responses.js';
import { SettlementResponse } from './get-settlement.response.js';
import { settlementLinesCsv } from './settlement-lines.csv.js';

const JSON_TYPE = 'application/json';
const CSV_TYPE = 'text/csv';

@ApiTags('settlement')
@ApiBearerAuth()
@Controller()
export class GetSettlementController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId/settlement')
  @Roles('commissioner', 'investor', 'provider', 'auditor', 'payment-service')
  @ApiOperation({
    summary: 'The settlement of a terminated contract (§7), as recorded at asOf: totals, rates, a page of lines, proposals, agreement, payment',
    description:
      'Amounts are integers in minor units. The totals and `linesSha256` are of all the lines, on every page; the lines come a page ' +
      'at a time (after, limit; filtered by participantId, outcomeCode), every page as recorded at the first page’s asOf. ' +
      'With `Accept: text/csv`, every line that passes the filters as CSV (a header row, then one row per line; `after` and `limit` are refused) ' +
      'for a spreadsheet. Provisional until the evidence grace ends (`finalOn`), then final.',
  })
  @ApiProduces(JSON_TYPE, CSV_TYPE)
  @ReadModelResponses(SettlementResponse)
  @ApiConflictResponse({
    type: ErrorResponse,
    description: 'The contract has not been terminated (as recorded at asOf): `contract-not-terminated`; ask the what-if',
  })
  async get(
    @Param('contractId') contractId: string,
    @Query() query: ContractFiltersQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SettlementView | string> {
    const { asOf, after, limit, participantId, outcomeCode } = query;
    // Anything but a preference for CSV (no Accept, */*, JSON, or a type not offered) gets JSON, a page of the lines.
    if (new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE, CSV_TYPE]) !== CSV_TYPE) {
      return this.queryBus.execute(new GetSettlementQuery(contractId, asOf, { after, limit, participantId, outcomeCode }));
    }
    // The CSV is every line (that passes the filters): a cursor or a limit would be ignored, so they are refused.
    if (after !== undefined) throw new ApiError(400, 'not-paged', 'The CSV is every line: after pages the JSON answer.', 'after');
    if (limit !== undefined) throw new ApiError(400, 'not-paged', 'The CSV is every line: limit pages the JSON answer.', 'limit');
    const settlement: SettlementView = await this.queryBus.execute(new GetSettlementQuery(contractId, asOf, { every: true, participantId, outcomeCode }));
    reply.header('content-type', `${CSV_TYPE}; charset=utf-8`);
    reply.header('content-disposition', `attachment; filename="${settlement.contractId}-settlement.csv"`);
    return settlementLinesCsv(settlement.lines);
  }
}
