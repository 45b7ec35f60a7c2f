import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ParticipantIdPipe } from '../../common/participant-id.pipe.js';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import { RecordPayrollEvidenceDto } from './record-payroll-evidence.dto.js';

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class RecordPayrollEvidenceController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/participants/:participantId/payroll-evidence')
  @HttpCode(201)
  @Roles('provider')
  @ApiOperation({ summary: 'Record payroll evidence for a placement' })
  @ApiCreatedResponse({ type: CommandResponse })
  record(
    @Param('contractId') contractId: string,
    @Param('participantId', ParticipantIdPipe) participantId: string,
    @Body() body: RecordPayrollEvidenceDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'RecordPayrollEvidence', data: { participantId, ...body } }, caller);
  }
}
