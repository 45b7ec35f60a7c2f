import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CommandResponse } from '../../common/command-response.js';
import { ErrorResponse } from '../../read-models/read-model.responses.js';
import { CurrentCaller } from '../../contracts/caller.decorator.js';
import { type Caller, ContractCommandSender } from '../../contracts/contract-command.sender.js';
import { speakerOf } from '../settlement-party.js';

/** The body is empty (`{}`): the settlement is computed by the service, the party is the one the caller's token speaks for. */
export class ProposeSettlementDto {}

@ApiTags('settlement')
@ApiBearerAuth()
@Controller()
export class ProposeSettlementController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/settlement/proposals')
  @HttpCode(201)
  @Roles('commissioner', 'investor')
  @ApiOperation({
    summary: 'Propose the settlement of a terminated contract as it stands now (§7), for the other party to accept',
    description:
      'With a token of the contract’s commissioner or investor party. Records SettlementProposed with the log version it was computed ' +
      'at, its totals and the SHA-256 of its lines; the proposer accepts it by making it. Nothing is recorded when the proposer’s ' +
      'latest proposal still says what the settlement is. May be made while the settlement is provisional.',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: '`party-required` (a token that speaks for no party), `wrong-party`' })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: '`settlement-proposal-open` (the other party’s open proposal says the same: accept it), `settlement-already-agreed`',
  })
  propose(@Param('contractId') contractId: string, @Body() _body: ProposeSettlementDto, @CurrentCaller() caller: Caller): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'ProposeSettlement', data: speakerOf(caller) }, caller);
  }
}
