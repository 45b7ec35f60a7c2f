import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CommandResponse } from '../../common/command-response.js';
import { ErrorResponse } from '../../read-models/read-model.responses.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import type { TerminationMethod, TerminationTerms } from '#domain';
import { CivilDateField, DomainObjectField, TextField } from '../../common/dto-fields.js';

export class TerminateContractDto {
  @CivilDateField('Effective date T of the termination', '2020-12-31') effectiveOn!: string;
  @TextField('Why the contract ends early', 'Programme continues as a municipal service') reason!: string;
  @DomainObjectField('The contract’s own settlement method, by name or in full; other terms need both parties: …/termination/proposals (§7)', true)
  method?: TerminationMethod | TerminationTerms;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class TerminateContractController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/termination')
  @HttpCode(201)
  @Roles('commissioner')
  @ApiOperation({
    summary: 'Terminate a contract early on its own terms (§7)',
    description: 'Other terms are agreed by both parties: one proposes them (POST …/termination/proposals), the other accepts.',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: '`termination-terms-not-agreed` (terms other than the contract’s), `contract-terminated`' })
  record(@Param('contractId') contractId: string, @Body() body: TerminateContractDto, @CurrentCaller() caller: Caller): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'TerminateContract', data: { ...body } }, caller);
  }
}
