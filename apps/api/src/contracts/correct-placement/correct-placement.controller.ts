import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ParticipantIdPipe } from '../../common/participant-id.pipe.js';
import { CommandResponse } from '../../common/command-response.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CurrentCaller } from '../caller.decorator.js';
import { CorrectPlacementDto } from './correct-placement.dto.js';

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
