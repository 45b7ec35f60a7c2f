import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandBatcher, type CommandResult, SubscriptionsHost } from '#event-store';
import { type ContractCommand, CONTRACT_NOT_FOUND, contractNotFound, type ContractState, isDomainError } from '#domain';
import { Metrics } from '#observability';
import { commandIdentity } from '../command-identity.js';
import { countCommand, countCommandError } from './command-metrics.js';
import { CONTRACT_STREAM_TYPE, contractStreamId } from '#domain';
import { ContractRunner, isRefusal } from './contract.runner.js';
import { ExecuteContractCommand } from './execute-contract-command.command.js';

/**
 * One command into a contract's log: decided against the contract's current state and appended.
 * Commands that arrive together for one contract share a transaction (group commit), each decided
 * in turn; one the domain refuses fails alone.
 */
@CommandHandler(ExecuteContractCommand)
export class ContractCommands implements ICommandHandler<ExecuteContractCommand> {
  private readonly batcher: CommandBatcher<ContractCommand, ContractState>;

  constructor(
    runner: ContractRunner,
    private readonly subscriptions: SubscriptionsHost,
    private readonly metrics: Metrics,
  ) {
    this.batcher = new CommandBatcher(runner, isRefusal);
  }

  async execute({ contractId, command, metadata, idempotencyKey }: ExecuteContractCommand): Promise<CommandResult> {
    const identity = commandIdentity(command, idempotencyKey, metadata);
    const result = await this.batcher
      .submit({
        streamId: contractStreamId(contractId),
        streamType: CONTRACT_STREAM_TYPE,
        command,
        ...identity,
        // Every command gets an id (from the caller's key, or one made here), so that the batcher's
        // retry of a failed group can never record a command twice.
        commandId: identity.commandId ?? `server-${randomUUID()}`,
      })
      .catch((error: unknown) => {
        countCommandError(this.metrics, command.type, error);
        // The decider knows the stream, not the contract: answered like every other unknown contract.
        throw isDomainError(error) && error.code === CONTRACT_NOT_FOUND ? contractNotFound(contractId) : error;
      });
    countCommand(this.metrics, command.type, result);
    if (result.events.length > 0) this.subscriptions.nudge();
    return result;
  }
}
