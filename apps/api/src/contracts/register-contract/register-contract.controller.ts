import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { requireScopeToRegister, Roles } from '#auth';
import { impact60Example } from '#domain';
import { CommandResponse } from '../../common/command-response.js';
import { CurrentCaller } from '../caller.decorator.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller()
export class RegisterContractController {
  constructor(private readonly sender: ContractCommandSender) {}

  /** The body is the contract definition itself (§4); the domain validates it and names every inconsistency. */
  @Post('contracts')
  @HttpCode(201)
  @Roles('commissioner')
  @ApiOperation({ summary: 'Register an outcome contract from its definition' })
  @ApiBody({ description: 'The contract definition', schema: { type: 'object', example: impact60Example() } })
  @ApiCreatedResponse({ type: CommandResponse })
  register(@Body() definition: Record<string, unknown>, @CurrentCaller() caller: Caller): Promise<CommandResponse> {
    const contractId = typeof definition?.contractId === 'string' ? definition.contractId : '';
    requireScopeToRegister(caller.principal, contractId);
    return this.sender.send(contractId, { type: 'RegisterContract', data: { definition } }, caller);
  }
}
