import { ApiProperty } from '@nestjs/swagger';
import { OCCURRENCE_FILTERS, type OccurrenceFilter, type OccurrencesView } from '#contracts';
import { AsRecordedResponse, OccurrenceResponse } from '../read-model.responses.js';

class ProjectedThroughResponse {
  @ApiProperty({ description: 'The projection’s checkpoint in the whole log: transaction id (xid8)', example: '1234' }) transactionId!: string;
  @ApiProperty({ description: 'The projection’s checkpoint in the whole log: global position', example: '5678' }) globalPosition!: string;
  @ApiProperty({ description: 'The last position of this contract’s log the table reflects (= version)' }) contractVersion!: number;
  @ApiProperty({ description: 'Events of the contract recorded by asOf that the table does not reflect yet (0: up to date)' }) behind!: number;
}

export class OccurrencesResponse extends AsRecordedResponse implements OccurrencesView {
  @ApiProperty({ description: 'Pass as `after` for the next page; the cursor given again when the page is empty' }) next!: string;
  @ApiProperty({ description: 'More occurrences are already there: ask again at once with `next`' }) hasMore!: boolean;
  @ApiProperty({ enum: OCCURRENCE_FILTERS, nullable: true, description: 'The status asked for; null: all' }) filter!: OccurrenceFilter | null;
  @ApiProperty({ type: ProjectedThroughResponse, description: 'How far the table’s projection had got when read' }) projectedThrough!: ProjectedThroughResponse;
  @ApiProperty({ type: [OccurrenceResponse], description: 'One page: a row per payment identity, in the order verified' }) occurrences!: OccurrenceResponse[];
}
