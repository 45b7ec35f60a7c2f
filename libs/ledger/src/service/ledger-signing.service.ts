import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SubscriptionsHost } from '#event-store';
import { LedgerCheckpoints, type StoredCheckpoint } from './ledger-checkpoints.service.js';
import { LEDGER_SEQUENCER } from './ledger-sequencer.projection.js';
import { SignCheckpoint } from './sign-checkpoint.command.js';

/** A checkpoint on demand (HTTP, CLI, an evidence package's anchor), sent on the CommandBus as SignCheckpoint. */
@CommandHandler(SignCheckpoint)
export class LedgerSigning implements ICommandHandler<SignCheckpoint> {
  constructor(
    private readonly checkpoints: LedgerCheckpoints,
    private readonly subscriptions: SubscriptionsHost,
  ) {}

  /** Sequences every event committed so far, then signs (or gives the checkpoint that already covers them). */
  async execute(): Promise<StoredCheckpoint | undefined> {
    const sequencer = this.subscriptions.subscriptions.find((s) => s.id === LEDGER_SEQUENCER);
    if (sequencer) {
      await sequencer.register();
      await sequencer.catchUpToHead();
    }
    return this.checkpoints.sign();
  }
}
