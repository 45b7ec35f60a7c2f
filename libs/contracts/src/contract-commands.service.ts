import { Injectable } from '@nestjs/common';
import { Database } from '../../database/src/index.js';
import {
  type CommandRejected,
  type CommandResult,
  DeciderRunner,
  type EventMetadata,
  PostgresEventStore,
  SubscriptionsHost,
} from '../../event-store/src/index.js';
import { type ContractCommand, contractDecider, type ContractState, isDomainError } from '../../domain/src/index.js';
import { CONTRACT_STREAM_TYPE, contractStreamId } from './contract-stream.js';

export interface ContractCommandRequest {
  command: ContractCommand;
  /** The caller's idempotency key; a retry with the same id records nothing new. */
  commandId?: string;
  metadata: EventMetadata;
}

/**
 * The one way facts enter a contract's log: decide against the contract's current state and append,
 * one command at a time per contract (so caps hold under concurrent requests).
 */
@Injectable()
export class ContractCommands {
  private readonly runner: DeciderRunner<ContractCommand, ContractState>;

  constructor(
    database: Database,
    store: PostgresEventStore,
    private readonly subscriptions: SubscriptionsHost,
  ) {
    this.runner = new DeciderRunner(database.pool, store, contractDecider);
  }

  async execute(contractId: string, request: ContractCommandRequest): Promise<CommandResult> {
    const result = await this.runner.execute({
      streamId: contractStreamId(contractId),
      streamType: CONTRACT_STREAM_TYPE,
      command: request.command,
      commandId: request.commandId,
      metadata: request.metadata,
    });
    if (result.events.length > 0) this.subscriptions.nudge();
    return result;
  }

  /** Several commands in one transaction; those the domain refuses are returned as rejections, the rest recorded. */
  async executeBatch(contractId: string, requests: ContractCommandRequest[]): Promise<Array<CommandResult | CommandRejected>> {
    const results = await this.runner.executeMany(
      contractStreamId(contractId),
      CONTRACT_STREAM_TYPE,
      requests.map((request) => ({
        streamId: contractStreamId(contractId),
        streamType: CONTRACT_STREAM_TYPE,
        command: request.command,
        commandId: request.commandId,
        metadata: request.metadata,
      })),
      { isRejection: isDomainError },
    );
    this.subscriptions.nudge();
    return results;
  }

  /** Reads the contract's current committed state; `read` must not keep or change it. */
  withState<T>(contractId: string, read: (state: ContractState, version: number) => T): Promise<T> {
    return this.runner.withState(contractStreamId(contractId), read);
  }
}
