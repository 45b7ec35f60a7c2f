import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { GetEvidenceReportQuery } from '#contracts';
import { AsOfQuery } from '../../read-models/as-of.query.js';
import { AS_OF_BAD_REQUEST, ErrorResponse } from '../../read-models/read-model.responses.js';
import { HeavyRead } from '../../common/heavy-read.limit.js';

/** The page needs nothing from anywhere: a browser may load no script, font, image or style sheet for it. */
const SELF_CONTAINED = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

@ApiTags('evaluators')
@ApiBearerAuth()
@Controller()
export class GetEvidenceReportController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('contracts/:contractId/report')
  @HeavyRead()
  @Roles('evaluator', 'auditor', 'commissioner', 'investor')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', SELF_CONTAINED)
  @ApiOperation({
    summary: 'The evaluators’ figures as a self-contained HTML page, as recorded at asOf',
    description:
      'Charts drawn on the server as SVG, each with its title, axis titles and the table behind it. No scripts; nothing to fetch. Small cells withheld.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The report (text/html)', schema: { type: 'string' } })
  @ApiBadRequestResponse({ type: ErrorResponse, description: `${AS_OF_BAD_REQUEST}; errors are JSON, not HTML` })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such contract: `contract-not-found` (JSON)' })
  report(@Param('contractId') contractId: string, @Query() query: AsOfQuery): Promise<string> {
    return this.queryBus.execute(new GetEvidenceReportQuery(contractId, query.asOf));
  }
}
