import { Controller, Get, Param, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '#auth';
import { AuditExporter, exportArchive, SignCheckpoint } from '#ledger/service/index.js';
import { LedgerErrorFilter } from '../ledger-error.filter.js';
import { HeavyRead } from '../../common/heavy-read.limit.js';
import { contractStreamId } from '#domain';

/** A contract's audit export as a tar of the export directory (docs/ledger.md), for `audit verify`. */
@ApiTags('audit')
@ApiBearerAuth()
@UseFilters(LedgerErrorFilter)
@Controller()
export class AuditExportController {
  constructor(
    private readonly exporter: AuditExporter,
    private readonly commandBus: CommandBus,
  ) {}

  @Get('contracts/:contractId/audit-export')
  @HeavyRead()
  @Roles('auditor')
  @ApiOperation({
    summary: 'Download a contract’s audit export (tar)',
    description:
      'Signs a checkpoint of every event committed so far (unless the latest covers them), then exports the contract’s events, their ledger indices and leaf hashes, a multi-leaf inclusion proof, its signed head, the latest checkpoint and the public key: `tar -xf` it and run `npm run cli -- audit verify <folder> --key <the key of GET /ledger/public-key>`.',
  })
  @ApiProduces('application/x-tar')
  @ApiOkResponse({ description: 'A tar archive of one folder, audit-<contractId>-<treeSize>' })
  @ApiNotFoundResponse({ description: '`contract-not-found` or `checkpoint-not-found`' })
  async download(@Param('contractId') contractId: string, @Res() reply: FastifyReply): Promise<void> {
    // As the CLI does (docs/ledger.md §4): every event committed so far is in the checkpoint the
    // export proves against, so a contract registered since the last one is not exported empty.
    await this.commandBus.execute(new SignCheckpoint());
    const { folder, stream } = await exportArchive(this.exporter, contractId, contractStreamId(contractId));
    await reply.header('content-type', 'application/x-tar').header('content-disposition', `attachment; filename="${folder}.tar"`).send(stream);
  }
}
