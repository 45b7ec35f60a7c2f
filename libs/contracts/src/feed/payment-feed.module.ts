import { Module } from '@nestjs/common';
import { PaymentFeed } from './payment-feed.service.js';

/** The payment feed (needs the global EventStoreModule's PostgresEventStore). */
@Module({
  providers: [PaymentFeed],
  exports: [PaymentFeed],
})
export class PaymentFeedModule {}
