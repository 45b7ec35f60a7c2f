import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Roles } from '#auth';
import { type ConsistencyProofView, LedgerProofs } from '#ledger/service/index.js';
import { LedgerErrorFilter } from '../ledger-error.filter.js';

const MESSAGE = '$property must be a tree size: a whole number from 1';

export class ConsistencyQuery {
  @ApiProperty({ description: 'The older tree size (a checkpoint you kept)', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: MESSAGE })
  @Min(1, { message: MESSAGE })
  @Max(Number.MAX_SAFE_INTEGER, { message: MESSAGE })
  from!: number;

  @ApiPropertyOptional({ description: 'The newer checkpoint’s tree size; the latest when absent', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: MESSAGE })
  @Min(1, { message: MESSAGE })
  @Max(Number.MAX_SAFE_INTEGER, { message: MESSAGE })
  to?: number;
}

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
  @ApiOperation({ summary: 'Consistency proof between two tree sizes', description: 'Shows that the later checkpoint’s tree extends the earlier one: nothing in the first `from` events was changed, removed or reordered.' })
  @ApiOkResponse({ type: ConsistencyProofResponse })
  @ApiBadRequestResponse({ description: 'from or to malformed, or from larger than to' })
  @ApiNotFoundResponse({ description: '`checkpoint-not-found`: no checkpoint at `to`' })
  consistency(@Query() query: ConsistencyQuery): Promise<ConsistencyProofView> {
    return this.proofs.consistency(query.from, query.to);
  }
}
