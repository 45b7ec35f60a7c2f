import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '#config';
import { LedgerCheckpoints } from './ledger-checkpoints.service.js';

/** Signs a checkpoint every LEDGER_CHECKPOINT_INTERVAL_MS when the log has grown, where projections run. */
export class LedgerCheckpointScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LedgerCheckpoints');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  lastError?: string;

  constructor(
    private readonly checkpoints: LedgerCheckpoints,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runProjections || this.config.LEDGER_CHECKPOINT_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.checkpoints
        .sign()
        .then(() => (this.lastError = undefined))
        .catch((error: Error) => {
          this.lastError = error.message;
          this.logger.error(`no checkpoint signed: ${error.message}`);
        })
        .finally(() => (this.running = undefined));
    }, this.config.LEDGER_CHECKPOINT_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
