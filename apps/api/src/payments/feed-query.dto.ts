import { AfterField, LimitField } from '../read-models/page.query.js';

/** The feed pages as every list does (docs/reading.md#paging). */
export class FeedQueryDto {
  @AfterField('Resume after this cursor: a page’s `next`, or any event’s `sequence`. From the start of the log when absent.') after?: string;
  @LimitField('events') limit?: number;
}
