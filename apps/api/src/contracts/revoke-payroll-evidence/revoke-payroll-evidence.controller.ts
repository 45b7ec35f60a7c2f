import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ParticipantIdPipe } from '../../common/participant-id.pipe.js';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import { TextField } from '../../common/dto-fields.js';

export class RevokePayrollEvidenceDto {
  @TextField('Why the evidence no longer stands', 'payslip belonged to another employee') reason!: string;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class RevokePayrollEvidenceController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/participants/:participantId/payroll-evidence/:evidenceId/revocation')
  @HttpCode(201)
  @Roles('provider')
  @ApiOperation({ summary: 'Revoke payroll evidence' })
  @ApiCreatedResponse({ type: CommandResponse })
  record(
    @Param('contractId') contractId: string,
    @Param('participantId', ParticipantIdPipe) participantId: string,
    @Param('evidenceId') evidenceId: string,
    @Body() body: RevokePayrollEvidenceDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'RevokePayrollEvidence', data: { participantId, evidenceId, ...body } }, caller);
  }
}
