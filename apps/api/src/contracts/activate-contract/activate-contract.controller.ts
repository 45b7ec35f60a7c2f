import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import { CivilDateField } from '../../common/dto-fields.js';

export class ActivateContractDto {
  @CivilDateField('First day the contract is in force', '2018-09-01') activatedOn!: string;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class ActivateContractController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/activation')
  @HttpCode(201)
  @Roles('commissioner')
  @ApiOperation({ summary: 'Activate a registered contract' })
  @ApiCreatedResponse({ type: CommandResponse })
  record(@Param('contractId') contractId: string, @Body() body: ActivateContractDto, @CurrentCaller() caller: Caller): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'ActivateContract', data: { ...body } }, caller);
  }
}
