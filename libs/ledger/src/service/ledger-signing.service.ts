import { Injectable } from '@nestjs/common';
import { SubscriptionsHost } from '#event-store';
import { LedgerCheckpoints, type StoredCheckpoint } from './ledger-checkpoints.service.js';
import { LEDGER_SEQUENCER } from './ledger-sequencer.projection.js';

/** A checkpoint on demand (HTTP, CLI): of everything committed before the call. */
@Injectable()
export class LedgerSigning {
  constructor(
    private readonly checkpoints: LedgerCheckpoints,
    private readonly subscriptions: SubscriptionsHost,
  ) {}

  /** Sequences every event committed so far, then signs (or gives the checkpoint that already covers them). */
  async signNow(): Promise<StoredCheckpoint | undefined> {
    const sequencer = this.subscriptions.subscriptions.find((s) => s.id === LEDGER_SEQUENCER);
    if (sequencer) {
      await sequencer.register();
      await sequencer.catchUpToHead();
    }
    return this.checkpoints.sign();
  }
}
