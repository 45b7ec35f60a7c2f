import { createReadStream } from 'node:fs';
import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { actorOf, commandMetadata, CorrelationId, CurrentPrincipal, type Principal, Roles } from '#auth';
import { ExportEvidencePackageCommand, type ExportedEvidencePackage } from '#contracts';
import { AS_OF_BAD_REQUEST, ErrorResponse } from '../../read-models/read-model.responses.js';
import { ExportEvidencePackageQueryDto } from './export-evidence-package.dto.js';
import { HeavyRead } from '../../common/heavy-read.limit.js';

export const PACKAGE_SHA256_HEADER = 'x-package-sha256';

@ApiTags('evaluators')
@ApiBearerAuth()
@Controller()
export class ExportEvidencePackageController {
  constructor(private readonly commandBus: CommandBus) {}

  @Get('contracts/:contractId/evidence-package')
  @HeavyRead()
  @Roles('evaluator', 'auditor')
  @ApiOperation({
    summary: 'A pseudonymised evidence package of the contract, as recorded at asOf: a ZIP holding a Frictionless Data Package (v2)',
    description:
      'datapackage.json (a Table Schema per table, each resource’s bytes and SHA-256, the log position it was taken at), CSV tables ' +
      '(contract, outcomes, participants, placements, employment spells, benefit weeks, occurrences, payments) and a README. ' +
      'Each export is recorded in the contract’s log (who, when, options, the package’s SHA-256, also sent as X-Package-SHA256).',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The package (application/zip)', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ type: ErrorResponse, description: AS_OF_BAD_REQUEST })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such contract: `contract-not-found`' })
  async export(
    @Param('contractId') contractId: string,
    @Query() query: ExportEvidencePackageQueryDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const exported: ExportedEvidencePackage = await this.commandBus.execute(
      new ExportEvidencePackageCommand({
        contractId,
        asOf: query.asOf,
        dateGranularity: query.dateGranularity ?? 'day',
        studyKey: query.studyKey ?? null,
        actor: actorOf(principal),
        metadata: { ...commandMetadata(principal, correlationId) },
      }),
    );
    const stream = createReadStream(exported.file);
    stream.on('close', () => void exported.discard());
    void reply.header(PACKAGE_SHA256_HEADER, exported.sha256);
    void reply.header('x-export-id', exported.exportId);
    return new StreamableFile(stream, { type: 'application/zip', disposition: `attachment; filename="${exported.fileName}"`, length: exported.bytes });
  }
}
