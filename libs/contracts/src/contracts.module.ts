import { Module } from '@nestjs/common';
import { AppConfig } from '#config';
import { ExecuteContractCommandHandler } from './application/execute-contract-command.handler.js';
import { ContractCommands } from './contract-commands.service.js';
import { PseudonymKey } from './pseudonym-key.js';

/** Outcome contracts' application layer: commands into the log, and (later) read models and feeds. */
@Module({
  providers: [ContractCommands, ExecuteContractCommandHandler, { provide: PseudonymKey, useFactory: PseudonymKey.fromConfig, inject: [AppConfig] }],
  exports: [ContractCommands, PseudonymKey],
})
export class ContractsModule {}
