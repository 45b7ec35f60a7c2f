import { Module } from '@nestjs/common';
import { AppConfig } from '#config';
import { ContractBatches } from './application/contract-batches.handler.js';
import { ContractCommands } from './application/contract-commands.handler.js';
import { ContractRunner } from './application/contract.runner.js';
import { PseudonymKey } from './pseudonym-key.js';
import { ContractSnapshots } from './snapshots/contract-snapshots.js';

/** Outcome contracts' application layer: the command handlers that write a contract's log (sent on the CommandBus), and its current state. */
@Module({
  providers: [
    ContractRunner,
    ContractSnapshots,
    ContractCommands,
    ContractBatches,
    { provide: PseudonymKey, useFactory: PseudonymKey.fromConfig, inject: [AppConfig] },
  ],
  exports: [ContractRunner, ContractSnapshots, PseudonymKey],
})
export class ContractsModule {}
