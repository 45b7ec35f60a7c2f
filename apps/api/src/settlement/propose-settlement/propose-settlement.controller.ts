import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CommandResponse } from '../../common/command-response.js';
import { CurrentCaller } from '../../contracts/caller.decorator.js';
import { type Caller, ContractCommandSender } from '../../contracts/contract-command.sender.js';
import { settlementPartyOf } from '../settlement-party.js';
import { ProposeSettlementDto } from './propose-settlement.dto.js';

@ApiTags('settlement')
@ApiBearerAuth()
@Controller()
export class ProposeSettlementController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/settlement/proposals')
  @HttpCode(201)
  @Roles('commissioner', 'investor')
  @ApiOperation({
    summary: 'Propose the settlement of a terminated contract as it stands now (§7)',
    description:
      'Records SettlementProposed with the log version it was computed at, its totals and the SHA-256 of its lines; nothing when ' +
      'the latest proposal still says what the settlement is. May be made while the settlement is provisional.',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  propose(@Param('contractId') contractId: string, @Body() _body: ProposeSettlementDto, @CurrentCaller() caller: Caller): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'ProposeSettlement', data: { party: settlementPartyOf(caller) } }, caller);
  }
}
