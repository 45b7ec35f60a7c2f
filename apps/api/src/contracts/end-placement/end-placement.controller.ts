import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ParticipantIdPipe } from '../../common/participant-id.pipe.js';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import { CivilDateField, TextField } from '../../common/dto-fields.js';

export class EndPlacementDto {
  @CivilDateField('Last day of the placement (inclusive)', '2019-03-10') endDate!: string;
  @TextField('Why it ended', 'contract ended') reason!: string;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class EndPlacementController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/participants/:participantId/placements/:placementId/end')
  @HttpCode(201)
  @Roles('provider')
  @ApiOperation({ summary: 'Record that a placement ended' })
  @ApiCreatedResponse({ type: CommandResponse })
  record(
    @Param('contractId') contractId: string,
    @Param('participantId', ParticipantIdPipe) participantId: string,
    @Param('placementId') placementId: string,
    @Body() body: EndPlacementDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'EndPlacement', data: { participantId, placementId, ...body } }, caller);
  }
}
