import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import { CivilDateField, TextField } from '../../common/dto-fields.js';

export class ConfirmPaymentDto {
  @TextField('The payment system’s reference', 'PAY-2019-000123') reference!: string;
  @CivilDateField('Day the payment was made', '2019-03-01') confirmedOn!: string;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class ConfirmPaymentController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/payments/:paymentId/confirmation')
  @HttpCode(201)
  @Roles('payment-service')
  @ApiOperation({ summary: 'Confirm that a verified outcome was paid (idempotent by payment identity)' })
  @ApiCreatedResponse({ type: CommandResponse })
  record(
    @Param('contractId') contractId: string,
    @Param('paymentId') paymentId: string,
    @Body() body: ConfirmPaymentDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'ConfirmPayment', data: { paymentId, ...body } }, caller);
  }
}
