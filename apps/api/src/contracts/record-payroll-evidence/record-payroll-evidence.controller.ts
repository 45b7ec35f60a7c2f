import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ParticipantIdPipe } from '../../common/participant-id.pipe.js';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import { CivilDateField, IdField, Sha256Field, TextField } from '../../common/dto-fields.js';

export class RecordPayrollEvidenceDto {
  @IdField('Id of this piece of evidence, unique per participant', 'payslips-2019-q1') evidenceId!: string;
  @IdField('The placement it evidences', 'A') placementId!: string;
  @CivilDateField('First day covered', '2019-02-04') periodFrom!: string;
  @CivilDateField('Last day covered (inclusive)', '2019-03-10') periodTo!: string;
  @TextField('Where it comes from', 'eIndkomst') source!: string;
  @Sha256Field() documentSha256!: string;
}

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
