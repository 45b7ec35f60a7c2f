import { ApiProperty } from '@nestjs/swagger';
import type { ParticipantsView } from '#contracts';
import { AsRecordedResponse, ParticipantRowResponse } from '../read-model.responses.js';

export class ParticipantsResponse extends AsRecordedResponse implements ParticipantsView {
  @ApiProperty({ example: 'DKK' }) currency!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Minor units; null when the contract has no per-participant cap', example: 11000000 })
  perParticipantCap!: number | null;
  @ApiProperty({ type: [ParticipantRowResponse], description: 'One page, in the order they were first referred' }) participants!: ParticipantRowResponse[];
  @ApiProperty({ description: 'Pass as `after` for the next page; the cursor given again when the page is empty' }) next!: string;
  @ApiProperty({ description: 'More participants are already there: ask again at once with `next`' }) hasMore!: boolean;
}
