import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CommandResponse } from '../../common/command-response.js';
import { CurrentCaller } from '../caller.decorator.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { DomainObjectField, TextField } from '../../common/dto-fields.js';

export class AmendContractDto {
  @DomainObjectField('The full new definition; occurrences already verified keep the terms they were verified under') definition!: Record<string, unknown>;
  @TextField('Why the contract changes', 'prices indexed for 2020') reason!: string;
}

@ApiTags('contracts')
@ApiBearerAuth()
@Controller()
export class AmendContractController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/amendments')
  @HttpCode(201)
  @Roles('commissioner')
  @ApiOperation({ summary: 'Amend a contract (new terms apply to occurrences verified from now on)' })
  @ApiCreatedResponse({ type: CommandResponse })
  amend(@Param('contractId') contractId: string, @Body() body: AmendContractDto, @CurrentCaller() caller: Caller): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'AmendContract', data: { ...body } }, caller);
  }
}
