import { ApiProperty } from '@nestjs/swagger';
import type { ParticipantsView } from '../../../../../libs/contracts/src/index.js';
import { AsRecordedResponse, ParticipantRowResponse } from '../read-model.responses.js';

export class ParticipantsResponse extends AsRecordedResponse implements ParticipantsView {
  @ApiProperty({ example: 'DKK' }) currency!: string;
  @ApiProperty({ description: 'Minor units', example: 11000000 }) perParticipantCap!: number;
  @ApiProperty({ type: [ParticipantRowResponse], description: 'In the order they were first referred' }) participants!: ParticipantRowResponse[];
}
