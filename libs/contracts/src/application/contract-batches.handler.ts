import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandOutcome, SubscriptionsHost } from '#event-store';
import { Metrics } from '#observability';
import { commandIdentity } from '../command-identity.js';
import { countCommand, countCommandError } from './command-metrics.js';
import { CONTRACT_STREAM_TYPE, contractStreamId } from '#domain';
import { ContractRunner, isRefusal } from './contract.runner.js';
import { ExecuteContractBatch } from './execute-contract-batch.command.js';

/** An import's chunk into the contract's log: one transaction, a refused command rejected alone (isRefusal). */
@CommandHandler(ExecuteContractBatch)
export class ContractBatches implements ICommandHandler<ExecuteContractBatch> {
  constructor(
    private readonly runner: ContractRunner,
    private readonly subscriptions: SubscriptionsHost,
    private readonly metrics: Metrics,
  ) {}

  async execute({ contractId, requests }: ExecuteContractBatch): Promise<CommandOutcome[]> {
    const streamId = contractStreamId(contractId);
    const results = await this.runner
      .executeMany(
        streamId,
        CONTRACT_STREAM_TYPE,
        requests.map((request) => ({
          streamId,
          streamType: CONTRACT_STREAM_TYPE,
          command: request.command,
          ...commandIdentity(request.command, request.idempotencyKey, request.metadata),
        })),
        { isRejection: isRefusal },
      )
      .catch((error: unknown) => {
        for (const request of requests) countCommandError(this.metrics, request.command.type, error);
        throw error;
      });
    results.forEach((outcome, index) => countCommand(this.metrics, requests[index].command.type, outcome));
    this.subscriptions.nudge();
    return results;
  }
}
