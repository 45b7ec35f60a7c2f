import { Command } from '@nestjs/cqrs';
import type { CommandResult, EventMetadata } from '#event-store';
import type { ContractCommand } from '#domain';

/** Record a fact on a contract (or register/amend/terminate it): decided by the domain, appended to the contract's stream. */
export class ExecuteContractCommand extends Command<CommandResult> {
  constructor(
    readonly contractId: string,
    readonly command: ContractCommand,
    readonly metadata: EventMetadata,
    /** The caller's Idempotency-Key (scoped to the actor in `metadata`). */
    readonly idempotencyKey?: string,
  ) {
    super();
  }
}
