import { Controller, Get, Param, Query, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canAccessContract, CurrentPrincipal, type Principal, Roles } from '#auth';
import { type InclusionProofView, LedgerProofs, type PaymentProofView, type StreamFilter } from '#ledger/service/index.js';
import { LedgerErrorFilter } from '../ledger-error.filter.js';
import { TreeSizeQuery } from '../tree-size.query.js';
import { EventIdParam, InclusionProofResponse, LedgerIndexParam, PaymentProofResponse } from './inclusion-proof.dto.js';
import { contractIdOfStream, contractStreamId } from '#domain';

const NOT_FOUND =
  '`leaf-not-found` (also an event of a contract outside the caller’s scope), `contract-not-found`, `payment-not-found`, `checkpoint-not-found`, or `not-in-checkpoint` (sequenced after that checkpoint)';

/** Inclusion proofs of one event against a signed checkpoint, by ledger index, event id or payment identity. */
@ApiTags('audit')
@ApiBearerAuth()
@UseFilters(LedgerErrorFilter)
@Controller()
export class InclusionProofsController {
  constructor(private readonly proofs: LedgerProofs) {}

  @Get('ledger/leaves/:index/inclusion-proof')
  @Roles('auditor')
  @ApiOperation({ summary: 'Inclusion proof of the event at a ledger index' })
  @ApiOkResponse({ type: InclusionProofResponse })
  @ApiBadRequestResponse({ description: 'A malformed index or treeSize' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async ofIndex(@Param() params: LedgerIndexParam, @Query() query: TreeSizeQuery, @CurrentPrincipal() principal: Principal): Promise<InclusionProofView> {
    return this.proofs.inclusionOfIndex(params.index, query.treeSize, streamsVisibleTo(principal));
  }

  @Get('ledger/events/:eventId/inclusion-proof')
  @Roles('auditor')
  @ApiOperation({ summary: 'Inclusion proof of an event by its id' })
  @ApiOkResponse({ type: InclusionProofResponse })
  @ApiBadRequestResponse({ description: 'A malformed event id or treeSize' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async ofEvent(@Param() params: EventIdParam, @Query() query: TreeSizeQuery, @CurrentPrincipal() principal: Principal): Promise<InclusionProofView> {
    return this.proofs.inclusionOfEvent(params.eventId, query.treeSize, streamsVisibleTo(principal));
  }

  @Get('contracts/:contractId/payments/:paymentId/inclusion-proof')
  @Roles('auditor', 'payment-service')
  @ApiOperation({
    summary: 'Inclusion proof of the event that made a payment identity, with the state of its money',
    description:
      'The proof that the event which made this payment identity (an outcome’s OutcomeVerified, an agreed settlement’s SettlementAgreed, ' +
      'an adjustment’s SettlementAdjusted) is in the signed log; `payment` gives its state (due, paid, to-recover, recovered, superseded, ' +
      'cancelled) from its events, each provable by its id.',
  })
  @ApiOkResponse({ type: PaymentProofResponse })
  @ApiBadRequestResponse({ description: 'A malformed treeSize' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  ofPayment(@Param('contractId') contractId: string, @Param('paymentId') paymentId: string, @Query() query: TreeSizeQuery): Promise<PaymentProofView> {
    return this.proofs.inclusionOfPayment(contractId, contractStreamId(contractId), paymentId, query.treeSize);
  }
}

/**
 * An event's proof carries its data: a scoped principal sees its contracts' streams only, and
 * another's event is answered as one that does not exist (LedgerProofs), naming no contract.
 */
function streamsVisibleTo(principal: Principal): StreamFilter | undefined {
  if (principal.contracts === '*') return undefined;
  return (streamId) => {
    const contractId = contractIdOfStream(streamId);
    return contractId !== undefined && canAccessContract(principal, contractId);
  };
}
