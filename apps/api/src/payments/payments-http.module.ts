import { Module } from '@nestjs/common';
import { ContractsModule } from '../../../../libs/contracts/src/index.js';

/** The payment service's side: the feed of verified and reversed outcomes. */
@Module({
  imports: [ContractsModule],
  controllers: [],
})
export class PaymentsHttpModule {}
