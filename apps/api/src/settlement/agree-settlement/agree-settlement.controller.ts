import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CommandResponse } from '../../common/command-response.js';
import { proposalIdOf } from '../../common/proposal-id.js';
import { CurrentCaller } from '../../contracts/caller.decorator.js';
import { type Caller, ContractCommandSender } from '../../contracts/contract-command.sender.js';
import { ErrorResponse } from '../../read-models/read-model.responses.js';
import { speakerOf } from '../settlement-party.js';

/** The body is empty (`{}`): the proposal is in the path, the party is the one the caller's token speaks for. */
export class AgreeSettlementDto {}

@ApiTags('settlement')
@ApiBearerAuth()
@Controller()
export class AgreeSettlementController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/settlement/proposals/:proposalId/agreement')
  @HttpCode(201)
  @Roles('commissioner', 'investor')
  @ApiOperation({
    summary: 'Accept the other party’s settlement proposal, once final (§7): the settlement is agreed',
    description:
      'With a token of the contract’s commissioner or investor party, the one that did not propose it. Records SettlementAccepted, ' +
      'SettlementAgreed (its payment `contract:settlement:proposal`, listing the identities it supersedes) and one PaymentSuperseded ' +
      'per open amount it nets (each outcome payment due, each payment to recover): the payment service pays or collects the ' +
      'settlement alone. Accepting again records nothing.',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: '`party-required` (a token that speaks for no party), `wrong-party` (another party’s, or the proposer’s own)',
  })
  @ApiConflictResponse({
    type: ErrorResponse,
    description:
      '`settlement-proposal-stale` (a later fact or proposal changed the settlement: propose again), `settlement-proposal-withdrawn`, ' +
      '`settlement-not-final` (still provisional), `settlement-already-agreed` (another proposal was)',
  })
  agree(
    @Param('contractId') contractId: string,
    @Param('proposalId') proposalId: string,
    @Body() _body: AgreeSettlementDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'AgreeSettlement', data: { proposalId: proposalIdOf(proposalId), ...speakerOf(caller) } }, caller);
  }
}
