import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '#auth';
import { contractStreamId } from '#domain';
import { type LedgerLeafView, LedgerLeaves, type LedgerLeavesPage } from '#ledger/service/index.js';
import { IdField } from '../../common/dto-fields.js';
import { AfterField, LimitField, PageLinksResponse } from '../../read-models/page.query.js';
import { LedgerErrorFilter } from '../ledger-error.filter.js';

/** `GET /ledger/leaves`: a page (after, limit), optionally one contract's leaves. */
export class ListLedgerLeavesQuery {
  @AfterField() after?: string;
  @LimitField('leaves') limit?: number;
  @IdField('Only the leaves of this contract’s events', 'aalborg-impact60', true) contractId?: string;
}

class LedgerLeafResponse implements LedgerLeafView {
  @ApiProperty({ description: 'The leaf’s index in the Merkle log (dense from 0)' }) ledgerIndex!: number;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'contract-aalborg-impact60' }) streamId!: string;
  @ApiProperty() streamVersion!: number;
  @ApiProperty({ description: 'SHA-256(0x00 ‖ leaf bytes), hex' }) leafHash!: string;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'The stream’s previous leaf, which this leaf’s bytes commit to' }) previousIndex!:
    number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'That leaf’s hash, hex' }) previousHash!: string | null;
}

class LedgerLeavesResponse extends PageLinksResponse implements LedgerLeavesPage {
  @ApiProperty({ type: [LedgerLeafResponse], description: 'One page, in ledger order' }) leaves!: LedgerLeafResponse[];
}

/** The ledger's leaves, a page at a time: what an auditor walks to check every event is in the log. */
@ApiTags('audit')
@ApiBearerAuth()
@UseFilters(LedgerErrorFilter)
@Controller()
export class ListLedgerLeavesController {
  constructor(private readonly leaves: LedgerLeaves) {}

  @Get('ledger/leaves')
  @Roles('auditor', 'payment-service')
  @ApiOperation({
    summary: 'The ledger’s leaves in ledger order, a page at a time',
    description:
      'Paged (docs/reading.md#paging): `after` a page’s `next`. A scoped caller sees the leaves of its contracts’ events only. ' +
      'Leaves never change once sequenced, so a cursor stays correct while leaves are added; each leaf’s inclusion proof is at ' +
      '`GET /ledger/leaves/{index}/inclusion-proof`.',
  })
  @ApiOkResponse({ type: LedgerLeavesResponse })
  @ApiBadRequestResponse({ description: 'A malformed cursor (`after`), limit or contractId' })
  @ApiNotFoundResponse({ description: '`contract-not-found` (also a contract outside the caller’s scope)' })
  list(@Query() query: ListLedgerLeavesQuery, @CurrentPrincipal() principal: Principal): Promise<LedgerLeavesPage> {
    const visibleStreams = principal.contracts === '*' ? undefined : principal.contracts.map(contractStreamId);
    return this.leaves.page({ after: query.after, limit: query.limit, contractId: query.contractId, visibleStreams });
  }
}
