import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ParticipantIdPipe } from '../../common/participant-id.pipe.js';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import type { PlacementKind } from '#domain';
import { CivilDateField, HoursField, OneOfField, TextField } from '../../common/dto-fields.js';

export class CorrectPlacementDto {
  @CivilDateField('Corrected first day', '2019-02-11', true) startDate?: string;
  @CivilDateField('Corrected last day (null re-opens the placement)', '2019-03-10', true) endDate?: string | null;
  @HoursField('Corrected hours per week', 18, true) hoursPerWeek?: number;
  @OneOfField('Corrected kind', ['ordinary', 'flexjob', 'education'], 'flexjob', true) kind?: PlacementKind;
  @TextField('Why the record was wrong', 'start date misreported') reason!: string;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class CorrectPlacementController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/participants/:participantId/placements/:placementId/corrections')
  @HttpCode(201)
  @Roles('provider')
  @ApiOperation({ summary: 'Correct a placement’s recorded terms' })
  @ApiCreatedResponse({ type: CommandResponse })
  record(
    @Param('contractId') contractId: string,
    @Param('participantId', ParticipantIdPipe) participantId: string,
    @Param('placementId') placementId: string,
    @Body() body: CorrectPlacementDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'CorrectPlacement', data: { participantId, placementId, ...body } }, caller);
  }
}
