import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { commandMetadata, CorrelationId, CurrentPrincipal, type Principal, Roles } from '#auth';
import { BulkImport, type CheckedImportLine, ContractRunner, MAX_REJECTED_IMPORT_LINES, PseudonymKey } from '#contracts';
import { contractNotFound } from '#domain';
import { ApiError } from '../common/api-error.js';
import { bodyMediaTypes } from '../common/body-media-type.hook.js';
import { ImportLineChecker } from './import-line.checker.js';
import { ImportReportResponse } from './import-report.response.js';
import { IMPORT_ROLES, IMPORTABLE_COMMANDS } from './importable-commands.js';
import { IMPORT_BODY_LIMIT_BYTES, JSON_LINES_BODY, JSON_LINES_MEDIA_TYPES, jsonLinesOf, JsonLinesUpload } from './json-lines-body.parser.js';

const EXAMPLE = [
  '{"commandId":"fokus-2019-02:0001","type":"StartPlacement","data":{"participantId":"p_3f9a0c1e5b7d2a4c6e8f0a1b2c3d4e5f","placementId":"A","employerRef":"emp-1","kind":"ordinary","hoursPerWeek":20,"startDate":"2019-02-04"}}',
  '{"commandId":"fokus-2019-02:0002","type":"RecordPayrollEvidence","data":{"participantId":"p_3f9a0c1e5b7d2a4c6e8f0a1b2c3d4e5f","placementId":"A","evidenceId":"ev-A","periodFrom":"2019-02-04","periodTo":"2019-03-10","source":"eIndkomst","documentSha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}',
].join('\n');

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class ImportFactsController {
  constructor(
    private readonly bulkImport: BulkImport,
    private readonly contracts: ContractRunner,
    private readonly pseudonymKey: PseudonymKey,
  ) {}

  /**
   * Answers 200 with the report whenever the request itself was sound, even when every line was
   * rejected: the report says which lines and why. 400 for an empty body, 404 for an unknown
   * contract (the body is then not read), 415 for another media type; 413 above the size limit
   * and 400 for an unreadable body (bad gzip, cut off), then the lines before the point where
   * reading stopped have been applied. The body is read only here, after the guard, as it arrives.
   */
  @Post('contracts/:contractId/imports')
  @HttpCode(200)
  @Roles(...IMPORT_ROLES)
  @RouteConfig(bodyMediaTypes(JSON_LINES_BODY))
  @ApiOperation({
    summary: 'Record facts in bulk from JSON Lines (one command per line; re-running the same file records nothing twice)',
    description:
      'Each line: `{"commandId": "<your unique id, 8-128 of [A-Za-z0-9._:-]>", "type": "<command>", "data": {...}}` with the ' +
      `same data as the single endpoint (participantId, placementId, evidenceId or paymentId included; ReferParticipant takes cpr). Types: ${[...IMPORTABLE_COMMANDS.keys()].join(', ')}. ` +
      'Each line is checked and then applied whole, in file order, in transactions of 500 lines as the body arrives, with the same role rules as the single endpoints; rejected ' +
      'lines are reported by line number and the others still applied. The commandId is the idempotency key. ' +
      `Up to ${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MB of text (gzip content-encoding accepted); reading stops after ${MAX_REJECTED_IMPORT_LINES} rejected lines. 200 with the report even when every line was rejected.`,
  })
  @ApiConsumes(...JSON_LINES_MEDIA_TYPES)
  @ApiBody({ description: 'JSON Lines: one command per line', schema: { type: 'string', example: EXAMPLE } })
  @ApiOkResponse({ type: ImportReportResponse })
  async import(
    @Param('contractId') contractId: string,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<ImportReportResponse> {
    const status = await this.contracts.withContractState(contractId, (state) => state.status);
    if (status === 'unregistered') throw contractNotFound(contractId);
    const upload = request.body;
    if (!(upload instanceof JsonLinesUpload)) throw emptyImport();

    const checker = new ImportLineChecker(principal.role, { pseudonymKey: this.pseudonymKey.key });
    const report = await this.bulkImport.run(contractId, checkedLines(upload, checker), { ...commandMetadata(principal, correlationId), source: 'import' });
    if (report.lines === 0) throw emptyImport();
    return report;
  }
}

const emptyImport = (): ApiError => new ApiError(400, 'empty-import', 'The import holds no lines: one JSON command per line.', 'body');

async function* checkedLines(upload: JsonLinesUpload, checker: ImportLineChecker): AsyncGenerator<CheckedImportLine> {
  for await (const line of jsonLinesOf(upload)) yield checker.check(line);
}
