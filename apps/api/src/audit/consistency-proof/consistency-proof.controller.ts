import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { type ConsistencyProofView, LedgerProofs } from '#ledger/service/index.js';
import { LedgerErrorFilter } from '../ledger-error.filter.js';
import { ConsistencyQuery } from '../tree-size.query.js';

export class ConsistencyProofResponse {
  @ApiProperty() fromSize!: number;
  @ApiProperty() toSize!: number;
  @ApiProperty({ type: [String], description: 'RFC 9162 consistency proof, hex (empty when the sizes are equal)' }) proof!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'The checkpoint signed at fromSize, if one was' }) fromCheckpoint!: string | null;
  @ApiProperty({ description: 'The checkpoint of toSize' }) toCheckpoint!: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@UseFilters(LedgerErrorFilter)
@Controller()
export class ConsistencyProofController {
  constructor(private readonly proofs: LedgerProofs) {}

  @Get('ledger/consistency-proof')
  @Roles('auditor', 'payment-service')
  @ApiOperation({
    summary: 'Consistency proof between two tree sizes',
    description: 'Shows that the later checkpoint’s tree extends the earlier one: nothing in the first `from` events was changed, removed or reordered.',
  })
  @ApiOkResponse({ type: ConsistencyProofResponse })
  @ApiBadRequestResponse({ description: 'from or to malformed, or from larger than to' })
  @ApiNotFoundResponse({ description: '`checkpoint-not-found`: no checkpoint at `to`' })
  consistency(@Query() query: ConsistencyQuery): Promise<ConsistencyProofView> {
    return this.proofs.consistency(query.from, query.to);
  }
}
