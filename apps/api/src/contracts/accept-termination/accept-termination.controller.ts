import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CommandResponse } from '../../common/command-response.js';
import { proposalIdOf } from '../../common/proposal-id.js';
import { ErrorResponse } from '../../read-models/read-model.responses.js';
import { speakerOf } from '../../settlement/settlement-party.js';
import { CurrentCaller } from '../caller.decorator.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';

/** The body is empty (`{}`): the proposal is in the path, the party is the one the caller's token speaks for. */
export class AcceptTerminationDto {}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class AcceptTerminationController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/termination/proposals/:proposalId/agreement')
  @HttpCode(201)
  @Roles('commissioner', 'investor')
  @ApiOperation({
    summary: 'Accept the other party’s termination proposal: the contract is terminated on its terms (§7)',
    description:
      'With a token of the contract’s commissioner or investor party, the one that did not propose it. Records TerminationAccepted, ' +
      'then ContractTerminated with the agreed terms and both parties (`methodAgreement`), and the outcomes the termination reverses.',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: '`party-required`, `wrong-party` (another party’s token, or the proposer’s own)' })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: '`termination-proposal-withdrawn`, `termination-proposal-stale` (a later proposal, or an amendment since), `contract-terminated`',
  })
  accept(
    @Param('contractId') contractId: string,
    @Param('proposalId') proposalId: string,
    @Body() _body: AcceptTerminationDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'AcceptTermination', data: { proposalId: proposalIdOf(proposalId), ...speakerOf(caller) } }, caller);
  }
}
