import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ParticipantIdPipe } from '../../common/participant-id.pipe.js';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import { BooleanField, IsoWeekField, TextField } from '../../common/dto-fields.js';

export class RecordBenefitWeekDto {
  @IsoWeekField('The register week', '2019-W06') week!: string;
  @BooleanField('Whether a public benefit was paid that week', false) benefitPaid!: boolean;
  @TextField('Register extract it comes from', 'DREAM 2019-04') source!: string;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class RecordBenefitWeekController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/participants/:participantId/benefit-weeks')
  @HttpCode(201)
  @Roles('commissioner')
  @ApiOperation({ summary: 'Record a benefit-register week (a later record for the same week supersedes it)' })
  @ApiCreatedResponse({ type: CommandResponse })
  record(
    @Param('contractId') contractId: string,
    @Param('participantId', ParticipantIdPipe) participantId: string,
    @Body() body: RecordBenefitWeekDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'RecordBenefitWeek', data: { participantId, ...body } }, caller);
  }
}
