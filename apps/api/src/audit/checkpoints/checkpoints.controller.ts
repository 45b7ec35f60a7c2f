import { Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { LedgerNotFoundError, LedgerProofs, SignCheckpoint } from '#ledger/service/index.js';
import { LedgerErrorFilter } from '../ledger-error.filter.js';
import { TreeSizeParam } from '../tree-size.query.js';
import { CheckpointResponse } from './checkpoint.response.js';

@ApiTags('audit')
@ApiBearerAuth()
@UseFilters(LedgerErrorFilter)
@Controller('ledger/checkpoints')
export class CheckpointsController {
  constructor(
    private readonly proofs: LedgerProofs,
    private readonly commandBus: CommandBus,
  ) {}

  @Get('latest')
  @Roles('auditor', 'payment-service')
  @ApiOperation({ summary: 'The latest signed checkpoint of the log' })
  @ApiOkResponse({ type: CheckpointResponse })
  @ApiNotFoundResponse({ description: '`checkpoint-not-found`: none signed yet' })
  async latest(): Promise<CheckpointResponse> {
    return CheckpointResponse.of(await this.proofs.checkpoint());
  }

  @Get(':treeSize')
  @Roles('auditor', 'payment-service')
  @ApiOperation({ summary: 'The checkpoint signed at a tree size' })
  @ApiOkResponse({ type: CheckpointResponse })
  @ApiNotFoundResponse({ description: '`checkpoint-not-found`: none was signed at that size' })
  async at(@Param() params: TreeSizeParam): Promise<CheckpointResponse> {
    return CheckpointResponse.of(await this.proofs.checkpoint(params.treeSize));
  }

  @Post()
  @HttpCode(200)
  @Roles('auditor')
  @ApiOperation({
    summary: 'Sign a checkpoint now',
    description:
      'Sequences every event committed so far and signs a checkpoint of it, unless the latest one already covers them (then that one is answered). Takes no body and no parameter (a tree size cannot be chosen: a body or `?treeSize` is a 400).',
  })
  @ApiOkResponse({ type: CheckpointResponse })
  async signNow(): Promise<CheckpointResponse> {
    const signed = await this.commandBus.execute(new SignCheckpoint());
    if (signed === undefined) throw new LedgerNotFoundError('checkpoint-not-found', 'The log is empty: there is nothing to sign yet.');
    return CheckpointResponse.of(signed);
  }
}
