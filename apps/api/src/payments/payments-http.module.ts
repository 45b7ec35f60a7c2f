import { Module } from '@nestjs/common';
import { PaymentFeedModule } from '#contracts';
import { PaymentFeedController } from './payment-feed.controller.js';

/**
 * The payment service's side: the feed of verified and reversed outcomes and confirmed payments
 * (`GET /feed/payments`, `GET /contracts/:contractId/feed`). Payments are confirmed back through
 * `POST /contracts/:contractId/payments/:paymentId/confirmation` (contracts-http), idempotent by
 * payment identity.
 */
@Module({
  imports: [PaymentFeedModule],
  controllers: [PaymentFeedController],
})
export class PaymentsHttpModule {}
