import { Controller, Get, Param, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '#auth';
import { contractStreamId } from '#contracts';
import { AuditExporter, exportArchive } from '#ledger/service/index.js';
import { LedgerErrorFilter } from '../ledger-error.filter.js';
import { HeavyRead } from '../../common/heavy-read.limit.js';

/** A contract's audit export as a tar of the export directory (docs/ledger.md), for `audit verify`. */
@ApiTags('audit')
@ApiBearerAuth()
@UseFilters(LedgerErrorFilter)
@Controller()
export class AuditExportController {
  constructor(private readonly exporter: AuditExporter) {}

  @Get('contracts/:contractId/audit-export')
  @HeavyRead()
  @Roles('auditor')
  @ApiOperation({
    summary: 'Download a contract’s audit export (tar)',
    description: 'The contract’s events, their ledger indices and leaf hashes, a multi-leaf inclusion proof, its signed head, the latest checkpoint and the public key: `tar -xf` it and run `npm run cli -- audit verify <folder>`.',
  })
  @ApiProduces('application/x-tar')
  @ApiOkResponse({ description: 'A tar archive of one folder, audit-<contractId>-<treeSize>' })
  @ApiNotFoundResponse({ description: '`contract-not-found` or `checkpoint-not-found`' })
  async download(@Param('contractId') contractId: string, @Res() reply: FastifyReply): Promise<void> {
    const { folder, stream } = await exportArchive(this.exporter, contractId, contractStreamId(contractId));
    await reply.header('content-type', 'application/x-tar').header('content-disposition', `attachment; filename="${folder}.tar"`).send(stream);
  }
}
