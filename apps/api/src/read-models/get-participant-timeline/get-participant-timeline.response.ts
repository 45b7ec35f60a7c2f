import { ApiProperty } from '@nestjs/swagger';
import type { ParticipantTimelineView, TimelineEntry } from '#contracts';
import { AsRecordedResponse, ParticipantRowResponse, RecordedFactResponse } from '../read-model.responses.js';

class TimelineEntryResponse extends RecordedFactResponse implements TimelineEntry {
  @ApiProperty({
    enum: ['fact', 'outcome', 'payment'],
    description:
      'fact: about the participant; outcome: verified or reversed; payment: one of the participant’s payments confirmed, recovered, or superseded by an agreed settlement',
  })
  kind!: 'fact' | 'outcome' | 'payment';
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Position of the later fact that took its place (a newer record of the week or referral, a revocation, a reversal); null while it stands',
  })
  supersededBy!: number | null;
}

export class ParticipantTimelineResponse extends AsRecordedResponse implements ParticipantTimelineView {
  @ApiProperty({ type: ParticipantRowResponse }) participant!: ParticipantRowResponse;
  @ApiProperty({ type: [TimelineEntryResponse], description: 'The participant’s facts and occurrences, in log order' }) timeline!: TimelineEntryResponse[];
}
