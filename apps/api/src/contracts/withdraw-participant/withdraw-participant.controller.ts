import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ParticipantIdPipe } from '../../common/participant-id.pipe.js';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import { CivilDateField, TextField } from '../../common/dto-fields.js';

export class WithdrawParticipantDto {
  @CivilDateField('Withdrawal date (the enrolment interval ends here, exclusive)', '2019-12-01') withdrawnOn!: string;
  @TextField('Why the participant left', 'moved away') reason!: string;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class WithdrawParticipantController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/participants/:participantId/withdrawal')
  @HttpCode(201)
  @Roles('provider', 'commissioner')
  @ApiOperation({ summary: 'Withdraw a participant' })
  @ApiCreatedResponse({ type: CommandResponse })
  record(
    @Param('contractId') contractId: string,
    @Param('participantId', ParticipantIdPipe) participantId: string,
    @Body() body: WithdrawParticipantDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'WithdrawParticipant', data: { participantId, ...body } }, caller);
  }
}
