import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAYMENT_FEED_TYPES } from '#contracts';

/** OpenAPI description of a feed event: a CloudEvent 1.0 in structured JSON. */
export class PaymentCloudEventView {
  @ApiProperty({ example: '1.0' }) specversion!: string;
  @ApiProperty({ description: 'The stored event id: the same on every replay; with `source`, unique', format: 'uuid' }) id!: string;
  @ApiProperty({ example: '/contracts/aalborg-impact60' }) source!: string;
  @ApiProperty({ enum: Object.values(PAYMENT_FEED_TYPES), example: PAYMENT_FEED_TYPES.OutcomeVerified }) type!: string;
  @ApiProperty({ description: 'The payment identity (contract:participant:outcome:occurrence:revision)', example: 'aalborg-impact60:p-3f2a:JOB_START:1:1' })
  subject!: string;
  @ApiProperty({ description: 'When the event was recorded (UTC)', example: '2026-11-29T10:15:00.123Z' }) time!: string;
  @ApiProperty({ example: 'application/json' }) datacontenttype!: string;
  @ApiProperty({ description: 'Extension: the cursor just after this event; pass it as `after` to resume after it. Opaque.' }) sequence!: string;
  @ApiProperty({
    description:
      'outcome.verified: contractId, paymentId, participantId (pseudonym), outcomeCode, occurrence, revision, achievedOn, price, amount, capReason, currency; ' +
      'outcome.reversed: contractId, paymentId, participantId, outcomeCode, occurrence, revision, amount (negative), reason, currency; ' +
      'payment.confirmed: contractId, paymentId, reference, confirmedOn, amount, currency. Amounts in minor units (øre).',
    type: 'object',
    additionalProperties: true,
  })
  data!: object;
}

export class PaymentFeedPageView {
  @ApiProperty({ type: [PaymentCloudEventView], description: 'In the log’s commit-safe order' }) events!: PaymentCloudEventView[];
  @ApiProperty({ description: 'Pass as `after` for the next page; the same cursor again when the page is empty' }) next!: string;
  @ApiProperty({ description: 'More events are already there: ask again at once' }) hasMore!: boolean;
}

export class FeedErrorView {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'invalid-cursor' }) error!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ example: 'after' }) field?: string;
}
