import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../../../database/src/index.js';
import type { EventMetadata, RecordedEvent } from '../event-envelope.js';
import type { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { eventIdFor } from './command-id.js';
import type { Decider } from './decider.js';
import { KeyedMutex } from './keyed-mutex.js';

export interface CommandEnvelope<TCommand> {
  streamId: string;
  streamType: string;
  command: TCommand;
  /** The caller's id for this command: a retry with the same id returns the first result and writes nothing. */
  commandId?: string;
  metadata?: EventMetadata;
}

/** A command the decider refused (a business rule), when the batch was asked to go on without it. */
export interface CommandRejected {
  rejected: unknown;
}

export interface ExecuteManyOptions {
  /** Errors for which only that command is dropped and the batch goes on (e.g. a refused fact in a bulk import). */
  isRejection?: (error: unknown) => boolean;
}

export interface CommandResult {
  /** The events the command recorded (on a retry: those the first attempt recorded). */
  events: RecordedEvent[];
  /** The stream's version after the command. */
  version: number;
  duplicate: boolean;
}

interface Cached<TState> {
  version: number;
  state: TState;
}

/**
 * Runs commands against event-sourced streams: per stream, one command at a time (a transaction-
 * scoped advisory lock, so concurrent requests queue instead of failing), state from an in-memory
 * cache brought up to date with the stream's tail, decide, append with the expected version, commit.
 * Works across processes: each reads the tail under the lock, so no cache is ever trusted stale.
 */
export class DeciderRunner<TCommand, TState> {
  private readonly cache = new Map<string, Cached<TState>>();
  // The cached state is evolved in place; one user per stream at a time in this process.
  private readonly local = new KeyedMutex();

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: PostgresEventStore,
    private readonly decider: Decider<TCommand, TState>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(envelope: CommandEnvelope<TCommand>): Promise<CommandResult> {
    const [result] = await this.executeMany(envelope.streamId, envelope.streamType, [envelope]);
    return result as CommandResult;
  }

  /**
   * Decides several commands of one stream in one transaction (bulk import): each sees the state
   * left by the previous one, exactly as if sent one by one, but with one commit. A command that
   * throws aborts them all, unless `isRejection` says its error only rejects that command.
   */
  executeMany(
    streamId: string,
    streamType: string,
    envelopes: CommandEnvelope<TCommand>[],
    options: ExecuteManyOptions = {},
  ): Promise<Array<CommandResult | CommandRejected>> {
    return this.local.run(streamId, () => this.executeLocked(streamId, streamType, envelopes, options));
  }

  private async executeLocked(
    streamId: string,
    streamType: string,
    envelopes: CommandEnvelope<TCommand>[],
    options: ExecuteManyOptions,
  ): Promise<Array<CommandResult | CommandRejected>> {
    const { results, state, version } = await inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [streamId]);
      let { state, version } = await this.load(client, streamId);
      const results: Array<CommandResult | CommandRejected> = [];
      for (const envelope of envelopes) {
        const earlier = envelope.commandId ? await this.findRecorded(client, streamId, envelope.commandId) : [];
        if (earlier.length > 0) {
          results.push({ events: earlier, version, duplicate: true });
          continue;
        }
        const now = this.clock().toISOString();
        let decided;
        try {
          decided = this.decider.decide(envelope.command, state, { nextVersion: version + 1, now });
        } catch (error) {
          if (!options.isRejection?.(error)) throw error;
          results.push({ rejected: error });
          continue;
        }
        if (decided.length === 0) {
          results.push({ events: [], version, duplicate: false });
          continue;
        }
        const metadata: EventMetadata = {
          ...envelope.metadata,
          ...(envelope.commandId ? { commandId: envelope.commandId } : {}),
        };
        const appended = await this.store.appendWith(client, {
          streamId,
          streamType,
          expectedVersion: version,
          events: decided.map((event, index) => ({
            eventId: envelope.commandId ? eventIdFor(envelope.commandId, index) : randomUUID(),
            type: event.type,
            schemaVersion: event.schemaVersion ?? 1,
            data: event.data,
            metadata,
          })),
        });
        const recorded = await this.store.readStreamWith(client, streamId, { fromVersion: version + 1 });
        for (const event of recorded) state = this.decider.evolve(state, event);
        version = appended.nextExpectedVersion;
        results.push({ events: recorded, version, duplicate: false });
      }
      return { results, state, version };
    }).catch((error: unknown) => {
      // The in-place evolved state may hold events that were rolled back: forget it.
      this.cache.delete(streamId);
      throw error;
    });
    this.cache.set(streamId, { state, version });
    return results;
  }

  /**
   * Runs `read` on the stream's current committed state (queries and what-ifs). `read` must not
   * keep or change the state: it is the runner's cached copy.
   */
  withState<T>(streamId: string, read: (state: TState, version: number) => T): Promise<T> {
    return this.local.run(streamId, async () => {
      const { state, version } = await this.load(this.pool, streamId);
      return read(state, version);
    });
  }

  private async load(db: pg.Pool | pg.PoolClient, streamId: string): Promise<Cached<TState>> {
    const cached = this.cache.get(streamId) ?? { version: 0, state: this.decider.initialState() };
    const tail = await this.store.readStreamWith(db, streamId, { fromVersion: cached.version + 1 });
    let { state } = cached;
    for (const event of tail) state = this.decider.evolve(state, event);
    const loaded = { state, version: cached.version + tail.length };
    if (tail.length > 0) this.cache.set(streamId, loaded);
    return loaded;
  }

  private async findRecorded(client: pg.PoolClient, streamId: string, commandId: string): Promise<RecordedEvent[]> {
    const first = eventIdFor(commandId, 0);
    const { rows } = await client.query<{ stream_id: string; stream_version: string }>(
      'SELECT stream_id, stream_version FROM es_events WHERE event_id = $1',
      [first],
    );
    if (rows.length === 0) return [];
    if (rows[0].stream_id !== streamId) throw new CommandIdReusedError(commandId);
    const events = await this.store.readStreamWith(client, streamId, { fromVersion: Number(rows[0].stream_version) });
    const recorded: RecordedEvent[] = [];
    for (const event of events) {
      if (event.eventId !== eventIdFor(commandId, recorded.length)) break;
      recorded.push(event);
    }
    return recorded;
  }
}

export class CommandIdReusedError extends Error {
  override readonly name = 'CommandIdReusedError';
  constructor(readonly commandId: string) {
    super(`command id ${commandId} was already used for another stream`);
  }
}
