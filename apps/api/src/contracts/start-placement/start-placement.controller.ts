import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ParticipantIdPipe } from '../../common/participant-id.pipe.js';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import type { PlacementKind } from '#domain';
import { CivilDateField, HoursField, IdField, OneOfField } from '../../common/dto-fields.js';

export class StartPlacementDto {
  @IdField('The provider’s id for this placement, unique per participant', 'A') placementId!: string;
  @IdField('Employer reference (no personal data)', 'employer-0042') employerRef!: string;
  @OneOfField('Kind of placement', ['ordinary', 'flexjob', 'education'], 'ordinary') kind!: PlacementKind;
  @HoursField('Agreed hours per week', 20) hoursPerWeek!: number;
  @CivilDateField('First day of the placement', '2019-02-04') startDate!: string;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class StartPlacementController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/participants/:participantId/placements')
  @HttpCode(201)
  @Roles('provider')
  @ApiOperation({ summary: 'Record that a placement started' })
  @ApiCreatedResponse({ type: CommandResponse })
  record(
    @Param('contractId') contractId: string,
    @Param('participantId', ParticipantIdPipe) participantId: string,
    @Body() body: StartPlacementDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'StartPlacement', data: { participantId, ...body } }, caller);
  }
}
