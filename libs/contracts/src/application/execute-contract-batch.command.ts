import { Command } from '@nestjs/cqrs';
import type { CommandOutcome, EventMetadata } from '#event-store';
import type { ContractCommand } from '#domain';

export interface ContractCommandRequest {
  command: ContractCommand;
  /**
   * The caller's idempotency key (an import line's `commandId`), scoped to the principal in
   * `metadata.actor`: a retry of the same command records nothing new; the key used for another
   * command is refused (CommandIdReusedError).
   */
  idempotencyKey?: string;
  metadata: EventMetadata;
}

/**
 * Several commands on one contract in one transaction (an import's chunk), each decided against
 * the state the previous left: those the domain refuses come back as rejections, the rest are recorded.
 */
export class ExecuteContractBatch extends Command<CommandOutcome[]> {
  constructor(
    readonly contractId: string,
    readonly requests: readonly ContractCommandRequest[],
  ) {
    super();
  }
}
