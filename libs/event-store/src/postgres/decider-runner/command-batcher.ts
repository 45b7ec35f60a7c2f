import { StreamBusyError } from '../../event-store.errors.js';
import type { CommandEnvelope, CommandRejected, CommandResult, DeciderRunner } from './decider-runner.js';

interface Waiting<TCommand> {
  envelope: CommandEnvelope<TCommand>;
  resolve(result: CommandResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit for one stream at a time: commands that arrive while the stream's previous
 * transaction is running are decided together in the next one, in arrival order, each against the
 * state the previous left — the same events as one by one, with one lock, one append and one commit
 * for the lot. A command the domain refuses fails alone; if the batch as a whole fails, each of its
 * commands is tried again on its own, so one bad command never fails the others, except when the
 * stream stayed busy (StreamBusyError): the runner has spent its retries on the batch, and that
 * answer is each command's.
 */
export class CommandBatcher<TCommand, TState> {
  private readonly queues = new Map<string, Waiting<TCommand>[]>();

  constructor(
    private readonly runner: Pick<DeciderRunner<TCommand, TState>, 'executeMany'>,
    private readonly isRejection: (error: unknown) => boolean,
    private readonly maxBatch = 100,
  ) {}

  submit(envelope: CommandEnvelope<TCommand>): Promise<CommandResult> {
    return new Promise<CommandResult>((resolve, reject) => {
      const queue = this.queues.get(envelope.streamId);
      if (queue) {
        queue.push({ envelope, resolve, reject });
        return;
      }
      this.queues.set(envelope.streamId, [{ envelope, resolve, reject }]);
      void this.drain(envelope.streamId, envelope.streamType);
    });
  }

  private async drain(streamId: string, streamType: string): Promise<void> {
    const queue = this.queues.get(streamId)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      await this.run(streamId, streamType, batch);
    }
    this.queues.delete(streamId);
  }

  private async run(streamId: string, streamType: string, batch: Waiting<TCommand>[]): Promise<void> {
    let results: Array<CommandResult | CommandRejected>;
    try {
      results = await this.runner.executeMany(
        streamId,
        streamType,
        batch.map((w) => w.envelope),
        { isRejection: this.isRejection },
      );
    } catch (error) {
      if (batch.length === 1 || error instanceof StreamBusyError) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      for (const waiting of batch) await this.run(streamId, streamType, [waiting]);
      return;
    }
    results.forEach((result, index) => {
      if ('rejected' in result) batch[index].reject(result.rejected);
      else batch[index].resolve(result);
    });
  }
}
