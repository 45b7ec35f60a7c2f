import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '#database';
import {
  CommandBatcher,
  CommandIdReusedError,
  type CommandRejected,
  type CommandResult,
  DeciderRunner,
  type EventMetadata,
  PostgresEventStore,
  SubscriptionsHost,
} from '#event-store';
import {
  Clock,
  type ContractCommand,
  contractDecider,
  CONTRACT_NOT_FOUND,
  contractNotFound,
  type ContractState,
  isDomainError,
  CONTRACT_STREAM_TYPE,
  contractStreamId,
} from '#domain';
import { commandIdentity } from './command-identity.js';

export interface ContractCommandRequest {
  command: ContractCommand;
  /**
   * The caller's idempotency key (`Idempotency-Key`, an import line's `commandId`), scoped to the
   * principal in `metadata.actor`: a retry of the same command records nothing new; the key used
   * for another command is refused (CommandIdReusedError).
   */
  idempotencyKey?: string;
  metadata: EventMetadata;
}

/** What the domain refuses, and a command id reused for another command: each fails alone, the rest of a batch goes on. */
const isRefusal = (error: unknown): boolean => isDomainError(error) || error instanceof CommandIdReusedError;

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
    clock: Clock,
  ) {
    this.runner = new DeciderRunner(database.pool, store, contractDecider, () => clock.now());
    this.batcher = new CommandBatcher(this.runner, isRefusal);
  }

  async execute(contractId: string, request: ContractCommandRequest): Promise<CommandResult> {
    const identity = commandIdentity(request.command, request.idempotencyKey, request.metadata);
    const result = await this.batcher
      .submit({
        streamId: contractStreamId(contractId),
        streamType: CONTRACT_STREAM_TYPE,
        command: request.command,
        ...identity,
        // Every command gets an id (from the caller's key, or one made here), so that the batcher's
        // retry of a failed group can never record a command twice.
        commandId: identity.commandId ?? `server-${randomUUID()}`,
      })
      .catch((error: unknown) => {
        // The decider knows the stream, not the contract: answered like every other unknown contract.
        throw isDomainError(error) && error.code === CONTRACT_NOT_FOUND ? contractNotFound(contractId) : error;
      });
    if (result.events.length > 0) this.subscriptions.nudge();
    return result;
  }

  /** Several commands in one transaction; those refused (isRefusal) are returned as rejections, the rest recorded. */
  async executeBatch(contractId: string, requests: ContractCommandRequest[]): Promise<Array<CommandResult | CommandRejected>> {
    const results = await this.runner.executeMany(
      contractStreamId(contractId),
      CONTRACT_STREAM_TYPE,
      requests.map((request) => ({
        streamId: contractStreamId(contractId),
        streamType: CONTRACT_STREAM_TYPE,
        command: request.command,
        ...commandIdentity(request.command, request.idempotencyKey, request.metadata),
      })),
      { isRejection: isRefusal },
    );
    this.subscriptions.nudge();
    return results;
  }

  /** Reads the contract's current committed state; `read` must not keep or change it. */
  withState<T>(contractId: string, read: (state: ContractState, version: number) => T): Promise<T> {
    return this.runner.withState(contractStreamId(contractId), read);
  }
}
