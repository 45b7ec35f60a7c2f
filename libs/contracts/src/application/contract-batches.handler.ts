import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, SubscriptionsHost } from '#event-store';
import { commandIdentity } from '../command-identity.js';
import { CONTRACT_STREAM_TYPE, contractStreamId } from '#domain';
import { ContractRunner, isRefusal } from './contract.runner.js';
import { ExecuteContractBatch } from './execute-contract-batch.command.js';

/** An import's chunk into the contract's log: one transaction, a refused command rejected alone (isRefusal). */
@CommandHandler(ExecuteContractBatch)
export class ContractBatches implements ICommandHandler<ExecuteContractBatch> {
  constructor(
    private readonly runner: ContractRunner,
    private readonly subscriptions: SubscriptionsHost,
  ) {}

  async execute({ contractId, requests }: ExecuteContractBatch): Promise<CommandOutcome[]> {
    const streamId = contractStreamId(contractId);
    const results = await this.runner.executeMany(
      streamId,
      CONTRACT_STREAM_TYPE,
      requests.map((request) => ({
        streamId,
        streamType: CONTRACT_STREAM_TYPE,
        command: request.command,
        ...commandIdentity(request.command, request.idempotencyKey, request.metadata),
      })),
      { isRejection: isRefusal },
    );
    this.subscriptions.nudge();
    return results;
  }
}
