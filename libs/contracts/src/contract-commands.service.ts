import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '../../database/src/index.js';
import {
  CommandBatcher,
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
 * one transaction at a time per contract (so caps hold under concurrent requests). Commands that
 * arrive together for one contract share a transaction (group commit), each decided in turn.
 */
@Injectable()
export class ContractCommands {
  private readonly runner: DeciderRunner<ContractCommand, ContractState>;
  private readonly batcher: CommandBatcher<ContractCommand, ContractState>;

  constructor(
    database: Database,
    store: PostgresEventStore,
    private readonly subscriptions: SubscriptionsHost,
  ) {
    this.runner = new DeciderRunner(database.pool, store, contractDecider);
    this.batcher = new CommandBatcher(this.runner, isDomainError);
  }

  async execute(contractId: string, request: ContractCommandRequest): Promise<CommandResult> {
    const result = await this.batcher.submit({
      streamId: contractStreamId(contractId),
      streamType: CONTRACT_STREAM_TYPE,
      command: request.command,
      // Every command gets an id (the caller's, or one made here), so that the batcher's retry of
      // a failed group can never record a command twice.
      commandId: request.commandId ?? `server-${randomUUID()}`,
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
