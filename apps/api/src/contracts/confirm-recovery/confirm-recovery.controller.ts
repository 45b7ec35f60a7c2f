import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CommandResponse } from '../../common/command-response.js';
import { ErrorResponse } from '../../read-models/read-model.responses.js';
import { CurrentCaller } from '../caller.decorator.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CivilDateField, TextField } from '../../common/dto-fields.js';

export class ConfirmRecoveryDto {
  @TextField('The payment system’s reference of the money that came back', 'REC-2020-000042') reference!: string;
  @CivilDateField('Day the money came back', '2020-10-01') recoveredOn!: string;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class ConfirmRecoveryController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/payments/:paymentId/recovery')
  @HttpCode(201)
  @Roles('payment-service')
  @ApiOperation({
    summary: 'Confirm that the money of a payment to recover came back (idempotent by payment identity)',
    description:
      'For a paid outcome payment reversed since (PaymentRecovered), or a settlement or adjustment of a negative amount (SettlementPaid). ' +
      'A recovery of a payment the agreed settlement had already netted is recorded, and becomes an adjustment to pay back (SettlementAdjusted).',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: '`payment-not-to-recover` (the message says the state it is in), `recovery-already-confirmed` (another reference)',
  })
  record(
    @Param('contractId') contractId: string,
    @Param('paymentId') paymentId: string,
    @Body() body: ConfirmRecoveryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'ConfirmRecovery', data: { paymentId, ...body } }, caller);
  }
}
