import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ParticipantIdPipe } from '../../common/participant-id.pipe.js';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import { CivilDateField } from '../../common/dto-fields.js';

export class EnrolParticipantDto {
  @CivilDateField('Enrolment date (the enrolment interval starts here, inclusive)', '2019-01-07') enrolledOn!: string;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class EnrolParticipantController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/participants/:participantId/enrolment')
  @HttpCode(201)
  @Roles('provider')
  @ApiOperation({ summary: 'Enrol a referred participant' })
  @ApiCreatedResponse({ type: CommandResponse })
  record(
    @Param('contractId') contractId: string,
    @Param('participantId', ParticipantIdPipe) participantId: string,
    @Body() body: EnrolParticipantDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'EnrolParticipant', data: { participantId, ...body } }, caller);
  }
}
