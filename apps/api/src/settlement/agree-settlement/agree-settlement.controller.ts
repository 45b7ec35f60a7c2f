import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CommandResponse } from '../../common/command-response.js';
import { CurrentCaller } from '../../contracts/caller.decorator.js';
import { type Caller, ContractCommandSender } from '../../contracts/contract-command.sender.js';
import { ErrorResponse } from '../../read-models/read-model.responses.js';
import { settlementPartyOf } from '../settlement-party.js';
import { AgreeSettlementDto } from './agree-settlement.dto.js';

/** Digits only: anything else reaches the domain as no number, and is refused naming proposalId. */
const PROPOSAL_ID = /^\d{1,15}$/;

@ApiTags('settlement')
@ApiBearerAuth()
@Controller()
export class AgreeSettlementController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/settlement/proposals/:proposalId/agreement')
  @HttpCode(201)
  @Roles('commissioner', 'investor')
  @ApiOperation({
    summary: 'Agree a settlement proposal, as the commissioner or the investor (§7)',
    description:
      'Records SettlementAccepted; once both parties accepted the same proposal, also SettlementAgreed, whose payment ' +
      '(`contract:settlement:proposal`) then appears in the payment feed. Agreeing again records nothing.',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: '`settlement-proposal-stale` (a later fact changed the settlement: propose again), `settlement-not-final` (still provisional)',
  })
  agree(
    @Param('contractId') contractId: string,
    @Param('proposalId') proposalId: string,
    @Body() _body: AgreeSettlementDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    const id = PROPOSAL_ID.test(proposalId) ? Number(proposalId) : Number.NaN;
    return this.sender.send(contractId, { type: 'AgreeSettlement', data: { proposalId: id, party: settlementPartyOf(caller) } }, caller);
  }
}
