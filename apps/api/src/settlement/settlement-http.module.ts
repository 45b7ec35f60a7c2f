import { Module } from '@nestjs/common';
import { ContractReadModelsModule, ContractsModule } from '#contracts';
import { commandControllersIn } from '../command-endpoints.js';
import { ContractCommandSender } from '../contracts/contract-command.sender.js';
import { CompareSettlementsController } from './compare-settlements/compare-settlements.controller.js';
import { GetSettlementController } from './get-settlement/get-settlement.controller.js';
import { WhatIfSettlementController } from './what-if-settlement/what-if-settlement.controller.js';

/**
 * The settlement of an early termination (§7): read it (JSON or CSV), ask what a termination would
 * settle (under each method side by side, too), propose, accept and withdraw proposals. Its payment is confirmed like any other
 * (payments/confirmation).
 */
@Module({
  imports: [ContractsModule, ContractReadModelsModule],
  providers: [ContractCommandSender],
  controllers: [GetSettlementController, WhatIfSettlementController, CompareSettlementsController, ...commandControllersIn('settlement')],
})
export class SettlementHttpModule {}
