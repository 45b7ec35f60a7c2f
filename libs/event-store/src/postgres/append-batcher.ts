import type pg from 'pg';
import type { NewEvent } from '../event-envelope.js';
import type { ConditionalAppend, PostgresEventStore, ProjectedValue } from './postgres-event-store.js';

interface Waiting {
  streamId: string;
  streamType: string;
  expectedVersion: number;
  events: NewEvent[];
  projected?: ProjectedValue;
  resolve(result: ConditionalAppend): void;
  reject(error: unknown): void;
}

/**
 * Group commit across streams for conditional appends (PostgresEventStore.appendIfAt): an append
 * asked for while the previous statement runs waits for it, and all that waited go in the next
 * statement together, each stream with its own version check. One round trip and one commit
 * (one WAL flush) for many writers' appends, instead of one each; an idle writer waits for nothing.
 * A stream appears at most once per statement: a second append to it waits for the one after.
 */
export class AppendBatcher {
  private readonly queue: Waiting[] = [];
  private running = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: PostgresEventStore,
    private readonly maxBatch = 200,
  ) {}

  /** `projected`: a projection's value at `expectedVersion`, written if and only if the events are (PostgresEventStore.appendIfAt). */
  appendIfAt(streamId: string, streamType: string, expectedVersion: number, events: NewEvent[], projected?: ProjectedValue): Promise<ConditionalAppend> {
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, streamType, expectedVersion, events, projected, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.run(this.takeBatch());
    } finally {
      this.running = false;
    }
  }

  private takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const streams = new Set<string>();
    for (let i = 0; i < this.queue.length && batch.length < this.maxBatch;) {
      const waiting = this.queue[i];
      if (streams.has(waiting.streamId)) {
        i++;
        continue;
      }
      streams.add(waiting.streamId);
      batch.push(waiting);
      this.queue.splice(i, 1);
    }
    return batch;
  }

  private async run(batch: Waiting[]): Promise<void> {
    if (batch.length === 1 || batch.some((waiting) => waiting.expectedVersion === 0)) {
      await Promise.all(batch.map((waiting) => this.runOne(waiting)));
      return;
    }
    let results: ConditionalAppend[];
    try {
      results = await this.store.appendManyIfAt(this.pool, batch);
    } catch {
      // A taken event id (a retried command) or a deadlock with another process failed the whole
      // statement, which wrote nothing: each on its own then says which.
      for (const waiting of batch) await this.runOne(waiting);
      return;
    }
    results.forEach((result, index) => batch[index].resolve(result));
  }

  private async runOne(waiting: Waiting): Promise<void> {
    try {
      waiting.resolve(await this.store.appendIfAt(this.pool, waiting.streamId, waiting.streamType, waiting.expectedVersion, waiting.events, waiting.projected));
    } catch (error) {
      waiting.reject(error);
    }
  }
}
