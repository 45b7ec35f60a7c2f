import { ApiProperty } from '@nestjs/swagger';
import type { OccurrenceProvenanceView } from '#contracts';
import { AsRecordedResponse, OccurrenceResponse, RecordedFactResponse } from '../read-model.responses.js';

class ReversalWithCauseResponse {
  @ApiProperty({ type: RecordedFactResponse, description: 'The OutcomeReversed fact' }) fact!: RecordedFactResponse;
  @ApiProperty({ type: [RecordedFactResponse], description: 'The facts that caused the reversal' }) cause!: RecordedFactResponse[];
}

export class OccurrenceProvenanceResponse extends AsRecordedResponse implements OccurrenceProvenanceView {
  @ApiProperty({ type: OccurrenceResponse }) occurrence!: OccurrenceResponse;
  @ApiProperty({ type: [RecordedFactResponse], description: 'The facts that made it true, by position in the log' }) provenance!: RecordedFactResponse[];
  @ApiProperty({ type: RecordedFactResponse, description: 'The OutcomeVerified fact' }) verification!: RecordedFactResponse;
  @ApiProperty({ type: ReversalWithCauseResponse, nullable: true }) reversal!: ReversalWithCauseResponse | null;
  @ApiProperty({ type: RecordedFactResponse, nullable: true, description: 'The PaymentConfirmed fact' }) confirmation!: RecordedFactResponse | null;
  @ApiProperty({ type: RecordedFactResponse, nullable: true, description: 'The PaymentRecovered fact' }) recovery!: RecordedFactResponse | null;
  @ApiProperty({ type: RecordedFactResponse, nullable: true, description: 'The PaymentSuperseded fact' }) supersession!: RecordedFactResponse | null;
}
