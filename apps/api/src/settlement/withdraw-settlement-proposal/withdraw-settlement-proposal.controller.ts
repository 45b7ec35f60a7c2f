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
export class WithdrawSettlementProposalDto {}

@ApiTags('settlement')
@ApiBearerAuth()
@Controller()
export class WithdrawSettlementProposalController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/settlement/proposals/:proposalId/withdrawal')
  @HttpCode(201)
  @Roles('commissioner', 'investor')
  @ApiOperation({
    summary: 'Withdraw a settlement proposal before the other party accepts it (§7)',
    description:
      'With a token of the party that made it. Records SettlementProposalWithdrawn; the proposal can no longer be accepted. Withdrawing again records nothing.',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: '`party-required`, `wrong-party` (only the party that made it withdraws it)' })
  @ApiConflictResponse({ type: ErrorResponse, description: '`settlement-proposal-accepted` (agreed already)' })
  withdraw(
    @Param('contractId') contractId: string,
    @Param('proposalId') proposalId: string,
    @Body() _body: WithdrawSettlementProposalDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'WithdrawSettlementProposal', data: { proposalId: proposalIdOf(proposalId), ...speakerOf(caller) } }, caller);
  }
}
