import { Module } from '@nestjs/common';
import { PaymentFeed } from './payment-feed.service.js';

/** The payment feed (reads the log through the global EventStoreModule's port). */
@Module({
  providers: [PaymentFeed],
  exports: [PaymentFeed],
})
export class PaymentFeedModule {}
