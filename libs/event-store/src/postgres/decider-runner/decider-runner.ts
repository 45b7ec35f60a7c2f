import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../../../../database/src/index.js';
import type { EventMetadata, NewEvent, RecordedEvent } from '../../event-envelope.js';
import { AppendBatcher } from '../append-batcher.js';
import type { PostgresEventStore, StoredAppend } from '../postgres-event-store.js';
import { eventIdFor } from '../../command-id.js';
import { DEFAULT_RETRY_POLICY, retryContention, type RetryPolicy } from './contention-retry.js';
import type { DecidedEvent, Decider } from '../../decider.js';
import { KeyedMutex } from './keyed-mutex.js';

export interface CommandEnvelope<TCommand> {
  streamId: string;
  streamType: string;
  command: TCommand;
  /** The caller's id for this command: a retry with the same id returns the first result and writes nothing. */
  commandId?: string;
  /**
   * What the command asks (e.g. a hash of its type and data), kept with its events: a command with
   * an id already recorded under another fingerprint is no retry but a reuse of the id, refused
   * (CommandIdReusedError). Compared only when both sides have one.
   */
  fingerprint?: string;
  metadata?: EventMetadata;
}

export interface DeciderRunnerOptions {
  /** How long the locked path keeps trying while other processes contend for the stream. */
  retry?: Partial<RetryPolicy>;
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
  /** recordedAt of the stream's last event ('' for an empty stream). */
  lastRecordedAt: string;
}

/** An instant as the store keeps it (microseconds), never before `notBefore`: recording instants rise with the stream. */
export function recordingInstant(now: Date, notBefore: string): string {
  const instant = now.toISOString().replace('Z', '000Z');
  return instant < notBefore ? notBefore : instant;
}

/**
 * Runs commands against event-sourced streams, per stream one batch at a time in this process.
 *
 * The usual path is one statement: decide against the state cached from the last batch and append
 * on the condition that the stream is still at the cached version and no event id is taken (with
 * other streams' appends that come meanwhile: AppendBatcher). It is
 * left for the locked path (nothing written) when that condition fails (another process appended,
 * or a command is a retry whose events are stored), when a command records nothing or is refused
 * (it may be a retry: its id must be looked up), or when nothing is cached yet.
 *
 * The locked path: a transaction-scoped advisory lock (concurrent writers queue instead of failing),
 * the state brought up to date with the stream's tail, the batch's command ids looked up (a retry
 * gets what its id recorded; the id with another fingerprint is refused), decide, append with the
 * expected version, commit. Works across processes: a cache is never trusted stale, since the
 * append's version check would fail. Another process's one-statement append can still move the
 * stream between the read and the append (it takes no advisory lock): the attempt is then made
 * again after a short back-off, holding the stream's row as well, so that no such append can
 * overtake it. Lock waits and attempts are bounded (RetryPolicy); a stream still contended at the
 * end is a StreamBusyError, never a version conflict.
 *
 * The recording instant of a batch is this process's clock, never earlier than the stream's last
 * one (recordingInstant): decisions see the instant the events are stored with.
 */
export class DeciderRunner<TCommand, TState> {
  private readonly cache = new Map<string, Cached<TState>>();
  // The cached state is evolved in place; one user per stream at a time in this process.
  private readonly local = new KeyedMutex();
  // The one-statement appends of all streams, grouped while one is running.
  private readonly appends: AppendBatcher;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: PostgresEventStore,
    private readonly decider: Decider<TCommand, TState>,
    private readonly clock: () => Date = () => new Date(),
    options: DeciderRunnerOptions = {},
  ) {
    this.appends = new AppendBatcher(pool, store);
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

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
    const cached = this.cache.get(streamId);
    if (cached !== undefined) {
      const results = await this.executeOptimistically(streamId, streamType, cached, envelopes, options);
      if (results !== undefined) return results;
    }
    return retryContention(streamId, this.retry, (attempt, remainingMs) =>
      this.executeUnderLock(streamId, streamType, envelopes, options, { holdStream: attempt > 1, lockTimeoutMs: remainingMs }),
    );
  }

  /**
   * The one-statement path (see the class); undefined when the batch must take the locked path, in
   * which case nothing was written and the cache is dropped if the batch had evolved it.
   */
  private async executeOptimistically(
    streamId: string,
    streamType: string,
    cached: Cached<TState>,
    envelopes: CommandEnvelope<TCommand>[],
    options: ExecuteManyOptions,
  ): Promise<Array<CommandResult | CommandRejected> | undefined> {
    const recordedAt = recordingInstant(this.clock(), cached.lastRecordedAt);
    let { state, version } = cached;
    // The events of the batch's last command are evolved only once appended, so that a batch of one
    // (the usual case) leaves the cache intact when it falls back to the locked path.
    let unevolved: RecordedEvent[] = [];
    let evolvedInPlace = false;
    const fallBack = (): undefined => {
      if (evolvedInPlace) this.cache.delete(streamId);
      return undefined;
    };
    const ids = new Set<string>();
    const results: Array<CommandResult | CommandRejected> = [];
    const pending: NewEvent[] = [];
    const pendingRecorded: RecordedEvent[] = [];
    for (const envelope of envelopes) {
      if (envelope.commandId !== undefined) {
        if (ids.has(envelope.commandId)) return fallBack();
        ids.add(envelope.commandId);
      }
      for (const event of unevolved) state = this.decider.evolve(state, event);
      evolvedInPlace ||= unevolved.length > 0;
      unevolved = [];
      let decided: DecidedEvent[];
      try {
        decided = this.decider.decide(envelope.command, state, { nextVersion: version + 1, now: recordedAt });
      } catch (error) {
        if (envelope.commandId !== undefined) return fallBack();
        if (!options.isRejection?.(error)) {
          fallBack();
          throw error;
        }
        results.push({ rejected: error });
        continue;
      }
      if (decided.length === 0) {
        if (envelope.commandId !== undefined) return fallBack();
        results.push({ events: [], version, duplicate: false });
        continue;
      }
      const events = this.newEvents(envelope, decided, recordedAt);
      const recorded = this.store.asStored(streamId, version + 1, events);
      version += recorded.length;
      pending.push(...events);
      pendingRecorded.push(...recorded);
      unevolved = recorded;
      results.push({ events: recorded, version, duplicate: false });
    }
    if (pending.length === 0) return results;
    let attempt;
    try {
      attempt = await this.appends.appendIfAt(streamId, streamType, cached.version, pending);
    } catch (error) {
      fallBack();
      throw error;
    }
    if (!('written' in attempt)) return fallBack();
    const exact = this.fillIn(pendingRecorded, attempt.written.result.globalPositions, attempt.written.stored);
    for (const event of unevolved) state = this.decider.evolve(state, event);
    if (exact) this.cache.set(streamId, { state, version, lastRecordedAt: recordedAt });
    else this.cache.delete(streamId);
    return results;
  }

  private async executeUnderLock(
    streamId: string,
    streamType: string,
    envelopes: CommandEnvelope<TCommand>[],
    options: ExecuteManyOptions,
    attempt: { holdStream: boolean; lockTimeoutMs: number },
  ): Promise<Array<CommandResult | CommandRejected>> {
    let exact = true;
    const { results, state, version, lastRecordedAt } = await inTransaction(this.pool, async (client) => {
      // lock_timeout first (the select list is evaluated in order), for this transaction only.
      await client.query({
        name: 'decider_runner_lock',
        text: "SELECT set_config('lock_timeout', $2, true), pg_advisory_xact_lock(hashtextextended($1, 0))",
        values: [streamId, String(attempt.lockTimeoutMs)],
      });
      if (attempt.holdStream) {
        // One-statement appends of other processes wait for this transaction, then find the version moved.
        await client.query({
          name: 'decider_runner_hold_stream',
          text: 'SELECT 1 FROM es_streams WHERE stream_id = $1 FOR UPDATE',
          values: [streamId],
        });
      }
      let { state, version, lastRecordedAt } = await this.load(client, streamId);
      const recordedAt = recordingInstant(this.clock(), lastRecordedAt);
      const startVersion = version;
      const earlier = await this.findAllRecorded(client, streamId, envelopes);
      const results: Array<CommandResult | CommandRejected> = [];
      const pending: NewEvent[] = [];
      const pendingRecorded: RecordedEvent[] = [];
      for (const envelope of envelopes) {
        const found = envelope.commandId === undefined ? undefined : earlier.get(envelope.commandId);
        const reuse = reuseOf(envelope, found);
        if (reuse !== undefined) {
          if (!options.isRejection?.(reuse)) throw reuse;
          results.push({ rejected: reuse });
          continue;
        }
        if (Array.isArray(found) && found.length > 0) {
          results.push({ events: found, version, duplicate: true });
          continue;
        }
        let decided: DecidedEvent[];
        try {
          decided = this.decider.decide(envelope.command, state, { nextVersion: version + 1, now: recordedAt });
        } catch (error) {
          if (!options.isRejection?.(error)) throw error;
          results.push({ rejected: error });
          continue;
        }
        if (decided.length === 0) {
          results.push({ events: [], version, duplicate: false });
          continue;
        }
        const events = this.newEvents(envelope, decided, recordedAt);
        // As they will read back once appended (positions filled in after the batch's append).
        const recorded = this.store.asStored(streamId, version + 1, events);
        for (const event of recorded) state = this.decider.evolve(state, event);
        version += recorded.length;
        lastRecordedAt = recordedAt;
        pending.push(...events);
        pendingRecorded.push(...recorded);
        // A later command with this id in the batch is a retry of this one.
        if (envelope.commandId !== undefined) earlier.set(envelope.commandId, recorded);
        results.push({ events: recorded, version, duplicate: false });
      }
      if (pending.length > 0) {
        const { result: appended, stored: known } = await this.store.appendStoredWith(client, {
          streamId,
          streamType,
          expectedVersion: startVersion,
          events: pending,
        });
        if (appended.duplicate || appended.nextExpectedVersion !== version) {
          throw new Error(`append of ${pending.length} events to ${streamId} at version ${startVersion} did not write them`);
        }
        let stored = known;
        if (stored === undefined) {
          const read = await this.store.readStreamWith(client, streamId, { fromVersion: startVersion + 1 });
          stored = { transactionId: read[0]?.transactionId ?? '', recordedAt: read.map((event) => event.recordedAt) };
        }
        exact = this.fillIn(pendingRecorded, appended.globalPositions, stored);
      }
      return { results, state, version, lastRecordedAt };
    }).catch((error: unknown) => {
      // The in-place evolved state may hold events that were rolled back: forget it.
      this.cache.delete(streamId);
      throw error;
    });
    if (exact) this.cache.set(streamId, { state, version, lastRecordedAt });
    else this.cache.delete(streamId);
    return results;
  }

  private newEvents(envelope: CommandEnvelope<TCommand>, decided: DecidedEvent[], recordedAt: string): NewEvent[] {
    const metadata: EventMetadata = {
      ...envelope.metadata,
      ...(envelope.commandId ? { commandId: envelope.commandId } : {}),
      ...(envelope.fingerprint ? { fingerprint: envelope.fingerprint } : {}),
    };
    return decided.map((event, index) => ({
      eventId: envelope.commandId ? eventIdFor(envelope.commandId, index) : randomUUID(),
      type: event.type,
      schemaVersion: event.schemaVersion ?? 1,
      data: event.data,
      metadata,
      recordedAt,
    }));
  }

  /**
   * Gives the events evolved before their append the positions the store assigned; false when the
   * store kept another recordedAt than the one they were evolved with (the state must be replayed).
   */
  private fillIn(recorded: RecordedEvent[], globalPositions: bigint[], stored: StoredAppend): boolean {
    let exact = true;
    recorded.forEach((event, index) => {
      event.globalPosition = globalPositions[index];
      event.transactionId = stored.transactionId;
      if (stored.recordedAt[index] !== event.recordedAt) {
        exact = false;
        event.recordedAt = stored.recordedAt[index];
      }
    });
    return exact;
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
    const cached = this.cache.get(streamId) ?? { version: 0, state: this.decider.initialState(), lastRecordedAt: '' };
    const tail = await this.store.readStreamWith(db, streamId, { fromVersion: cached.version + 1 });
    let { state } = cached;
    for (const event of tail) state = this.decider.evolve(state, event);
    const loaded = { state, version: cached.version + tail.length, lastRecordedAt: tail.at(-1)?.recordedAt ?? cached.lastRecordedAt };
    if (tail.length > 0) this.cache.set(streamId, loaded);
    return loaded;
  }

  /**
   * What each commandId of the batch recorded earlier (one lookup for the batch, and one read of
   * the events of those found): absent when nothing, a CommandIdReusedError when another stream's.
   */
  private async findAllRecorded(
    client: pg.PoolClient,
    streamId: string,
    envelopes: CommandEnvelope<TCommand>[],
  ): Promise<Map<string, RecordedEvent[] | CommandIdReusedError>> {
    const found = new Map<string, RecordedEvent[] | CommandIdReusedError>();
    const byFirstId = new Map<string, string>();
    for (const envelope of envelopes) {
      if (envelope.commandId !== undefined) byFirstId.set(eventIdFor(envelope.commandId, 0), envelope.commandId);
    }
    if (byFirstId.size === 0) return found;
    const { rows } = await client.query<{ event_id: string; stream_id: string; stream_version: string }>({
      name: 'decider_runner_find_commands',
      text: 'SELECT event_id, stream_id, stream_version FROM es_events WHERE event_id = ANY($1::uuid[])',
      values: [[...byFirstId.keys()]],
    });
    if (rows.length === 0) return found;
    const starts: Array<{ commandId: string; version: number }> = [];
    for (const row of rows) {
      const commandId = byFirstId.get(row.event_id) as string;
      if (row.stream_id !== streamId) found.set(commandId, new CommandIdReusedError(commandId, 'another-stream'));
      else starts.push({ commandId, version: Number(row.stream_version) });
    }
    if (starts.length === 0) return found;
    starts.sort((a, b) => a.version - b.version);
    // Each command's events follow its first one, in one read from the earliest found on.
    const events = await this.store.readStreamWith(client, streamId, { fromVersion: starts[0].version });
    const byVersion = new Map(events.map((event) => [event.streamVersion, event]));
    for (const { commandId, version } of starts) {
      const recorded: RecordedEvent[] = [];
      for (let event = byVersion.get(version); event?.eventId === eventIdFor(commandId, recorded.length); event = byVersion.get(event.streamVersion + 1)) {
        recorded.push(event);
      }
      found.set(commandId, recorded);
    }
    return found;
  }
}

/**
 * The reuse of the command's id, if what it recorded earlier (`found`, as findAllRecorded tells) is
 * another stream's or another command's (another fingerprint). Events recorded without a
 * fingerprint cannot tell, and count as the command's own.
 */
function reuseOf(envelope: CommandEnvelope<unknown>, found: RecordedEvent[] | CommandIdReusedError | undefined): CommandIdReusedError | undefined {
  if (found instanceof CommandIdReusedError) return found;
  const first = found?.[0];
  const earlier = first?.metadata.fingerprint;
  if (first === undefined || earlier === undefined || envelope.fingerprint === undefined || earlier === envelope.fingerprint) return undefined;
  return new CommandIdReusedError(envelope.commandId as string, 'another-command', first.type);
}

/** Where else a command id was used: on another stream, or for another command (fingerprint) on this one. */
export type CommandIdReuse = 'another-stream' | 'another-command';

/** A command id already recorded for another command: not a retry, and nothing is recorded for it. */
export class CommandIdReusedError extends Error {
  override readonly name = 'CommandIdReusedError';
  constructor(
    readonly commandId: string,
    readonly reason: CommandIdReuse,
    /** The type of the first event the id recorded (another-command). */
    readonly recordedType?: string,
  ) {
    super(reason === 'another-stream'
      ? `command id ${commandId} was already used for another stream`
      : `command id ${commandId} was already used for another command (it recorded ${recordedType})`);
  }
}
