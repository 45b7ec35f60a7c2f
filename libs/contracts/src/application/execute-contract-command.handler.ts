import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '#event-store';
import { ContractCommands } from '../contract-commands.service.js';
import { ExecuteContractCommand } from './execute-contract-command.command.js';

@CommandHandler(ExecuteContractCommand)
export class ExecuteContractCommandHandler implements ICommandHandler<ExecuteContractCommand> {
  constructor(private readonly contracts: ContractCommands) {}

  execute(command: ExecuteContractCommand): Promise<CommandResult> {
    return this.contracts.execute(command.contractId, {
      command: command.command,
      idempotencyKey: command.idempotencyKey,
      metadata: command.metadata,
    });
  }
}
