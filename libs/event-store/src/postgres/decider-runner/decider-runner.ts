import type pg from 'pg';
import { inTransaction } from '#database';
import { instantOf } from '#domain';
import type { Decider } from '../../decider.js';
import type { RecordedEvent } from '../../event-envelope.js';
import type { StateSnapshots } from '../../state-snapshots.js';
import { AppendBatcher } from '../append-batcher.js';
import type { PostgresEventStore, ProjectedValue, StoredAppend } from '../postgres-event-store.js';
import { planBatch, type BatchPlan } from './batch-plan.js';
import type { CommandEnvelope, CommandOutcome, CommandResult, ExecuteManyOptions } from './command-envelope.js';
import { DEFAULT_RETRY_POLICY, retryContention, type RetryPolicy } from './contention-retry.js';
import { KeyedMutex } from './keyed-mutex.js';
import { StateCache, type CachedState } from './state-cache.js';
import type { StateProjection } from './state-projection.js';

export * from './command-envelope.js';
export type { StateProjection } from './state-projection.js';

export interface DeciderRunnerOptions<TState = unknown, TValue = undefined> {
  /** How long the locked path keeps trying while other processes contend for the stream. */
  retry?: Partial<RetryPolicy>;
  /** Where a stream's state starts from when none is cached, and where the runner leaves one every so many events (docs/snapshots.md). */
  snapshots?: StateSnapshots<TState>;
  /** A value kept beside each cached state and stored, when it changed, with a batch at the version it was appended on (docs/snapshots.md, "The contract summary"). */
  projection?: StateProjection<TState, TValue>;
}

/** An instant as the store keeps it (microseconds), never before `notBefore`: recording instants rise with the stream. */
export function recordingInstant(now: Date, notBefore: string): string {
  const instant = instantOf(now);
  // Compared as text on purpose (every batch does this): both are in the store's fixed form, from
  // instantOf and from the stream's stored recordedAt, which orders as its text does.
  return instant < notBefore ? notBefore : instant;
}

type Planned<TState> = Extract<BatchPlan<TState>, { kind: 'planned' }>;

/** What a batch stores of the projection: its row, if the value changed, and the key the stream's entry keeps after the batch. */
interface ProjectedRow {
  row?: ProjectedValue;
  stored?: CachedState<unknown>['stored'];
}

/**
 * Runs commands against event-sourced streams, per stream one batch at a time in this process.
 * Both of its paths decide with the same pure step (planBatch), so exactly-once is said once.
 *
 * The usual path is one statement: plan against the state cached from the last batch and append
 * on the condition that the stream is still at the cached version and no event id is taken (with
 * other streams' appends that come meanwhile: AppendBatcher). It is left for the locked path
 * (nothing written) when that condition fails (another process appended, or a command is a retry
 * whose events are stored), when a command with an id records nothing or is refused (it may be a
 * retry: its id must be looked up), or when nothing is cached yet.
 *
 * The locked path: a transaction-scoped advisory lock (concurrent writers queue instead of failing),
 * the state brought up to date with the stream's tail, the batch's command ids looked up (a retry
 * gets what its id recorded; the id with another fingerprint is refused), plan, append with the
 * expected version, commit. Works across processes: a cache is never trusted stale, since the
 * append's version check would fail. Another process's one-statement append can still move the
 * stream between the read and the append (it takes no advisory lock): the attempt is then made
 * again after a short back-off, holding the stream's row as well, so that no such append can
 * overtake it. Lock waits and attempts are bounded (RetryPolicy); a stream still contended at the
 * end is a StreamBusyError, never a version conflict.
 *
 * The recording instant of a batch is this process's clock, never earlier than the stream's last
 * one (recordingInstant): decisions see the instant the events are stored with.
 *
 * With `snapshots` (docs/snapshots.md), a stream with nothing cached starts from its latest
 * snapshot rather than its first event, and once a batch is committed the runner leaves a snapshot
 * of the cached state when one is due.
 *
 * With a `projection` (StateProjection), each cached state has a value evolved with it (computed
 * whole when the state is loaded), handed to reads (withState), and a batch appended stores the
 * value at the version it was appended on, in the same statement (the one-statement path) or
 * transaction (the locked path), when its key differs from the last row's the runner stored for
 * the stream (the first batch after a load always stores one). Each row names that last row
 * (ProjectedValue.previousVersion): the versions between had the same value.
 */
export class DeciderRunner<TCommand, TState, TValue = undefined> {
  private readonly cache = new StateCache<TState, TValue>();
  // The cached state is evolved in place; one user per stream at a time in this process.
  private readonly local = new KeyedMutex();
  // The one-statement appends of all streams, grouped while one is running.
  private readonly appends: AppendBatcher;
  private readonly retry: RetryPolicy;
  private readonly snapshots: StateSnapshots<TState> | undefined;
  private readonly projection: StateProjection<TState, TValue> | undefined;
  // The version of each stream's latest snapshot this process read or wrote.
  private readonly snapshotted = new Map<string, number>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: PostgresEventStore,
    private readonly decider: Decider<TCommand, TState>,
    private readonly clock: () => Date = () => new Date(),
    options: DeciderRunnerOptions<TState, TValue> = {},
  ) {
    this.appends = new AppendBatcher(pool, store);
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.snapshots = options.snapshots;
    this.projection = options.projection;
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
  executeMany(streamId: string, streamType: string, envelopes: CommandEnvelope<TCommand>[], options: ExecuteManyOptions = {}): Promise<CommandOutcome[]> {
    return this.local.run(streamId, async () => {
      const cached = this.cache.get(streamId);
      const outcomes =
        (cached === undefined ? undefined : await this.executeOptimistically(streamId, streamType, cached, envelopes, options)) ??
        (await retryContention(streamId, this.retry, (attempt, remainingMs) =>
          this.executeUnderLock(streamId, streamType, envelopes, options, { holdStream: attempt > 1, lockTimeoutMs: remainingMs }),
        ));
      this.leaveSnapshot(streamId);
      return outcomes;
    });
  }

  /** The one-statement path (see the class); undefined when the batch must take the locked path (nothing written). */
  private async executeOptimistically(
    streamId: string,
    streamType: string,
    cached: CachedState<TState, TValue>,
    envelopes: CommandEnvelope<TCommand>[],
    options: ExecuteManyOptions,
  ): Promise<CommandOutcome[] | undefined> {
    const recordedAt = recordingInstant(this.clock(), cached.lastRecordedAt);
    // Before the plan, which may evolve the state in place.
    const projected = this.projectedAt(cached);
    const plan = this.plan(streamId, cached, recordedAt, envelopes, options);
    if (plan.kind === 'needs-lookup') {
      if (plan.evolved) this.cache.forget(streamId);
      return undefined;
    }
    if (plan.pending.length === 0) return plan.outcomes;
    let attempt;
    try {
      attempt = await this.appends.appendIfAt(streamId, streamType, cached.version, plan.pending, projected.row);
    } catch (error) {
      this.cache.forget(streamId);
      throw error;
    }
    if (!('written' in attempt)) {
      if (plan.evolved) this.cache.forget(streamId);
      return undefined;
    }
    this.written(streamId, cached, plan, recordedAt, attempt.written.result.globalPositions, attempt.written.stored, projected);
    return plan.outcomes;
  }

  private async executeUnderLock(
    streamId: string,
    streamType: string,
    envelopes: CommandEnvelope<TCommand>[],
    options: ExecuteManyOptions,
    attempt: { holdStream: boolean; lockTimeoutMs: number },
  ): Promise<CommandOutcome[]> {
    // Read before the transaction: inside it, a second connection of the pool would be needed
    // while this one is held (with every connection so held, none would come).
    const start = await this.startingPoint(streamId);
    return inTransaction(this.pool, async (client) => {
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
      const loaded = await this.load(client, streamId, start);
      const recordedAt = recordingInstant(this.clock(), loaded.lastRecordedAt);
      const projected = this.projectedAt(loaded);
      const commandIds = envelopes.flatMap((envelope) => (envelope.commandId === undefined ? [] : [envelope.commandId]));
      const earlier = await this.store.findCommandEvents(client, streamId, commandIds);
      const plan = this.plan(streamId, loaded, recordedAt, envelopes, options, earlier) as Planned<TState>;
      if (plan.pending.length === 0) return plan.outcomes;
      const { result: appended, stored: known } = await this.store.appendStoredWith(client, {
        streamId,
        streamType,
        expectedVersion: loaded.version,
        events: plan.pending,
      });
      if (appended.duplicate || appended.nextExpectedVersion !== plan.version) {
        throw new Error(`append of ${plan.pending.length} events to ${streamId} at version ${loaded.version} did not write them`);
      }
      if (projected.row !== undefined) await this.store.writeProjectedValue(streamId, loaded.version, projected.row, client);
      const stored = known ?? (await this.storedAfter(client, streamId, loaded.version));
      this.written(streamId, loaded, plan, recordedAt, appended.globalPositions, stored, projected);
      return plan.outcomes;
    }).catch((error: unknown) => {
      // The state evolved in place may hold events that were rolled back: forget it.
      this.cache.forget(streamId);
      throw error;
    });
  }

  private plan(
    streamId: string,
    from: CachedState<TState, TValue>,
    recordedAt: string,
    envelopes: CommandEnvelope<TCommand>[],
    options: ExecuteManyOptions,
    earlier?: Awaited<ReturnType<PostgresEventStore['findCommandEvents']>>,
  ): BatchPlan<TState> {
    try {
      return planBatch({
        decider: this.tracking(from),
        state: from.state,
        version: from.version,
        recordedAt,
        envelopes,
        isRejection: options.isRejection,
        earlier,
        asStored: (firstVersion, events) => this.store.asStored(streamId, firstVersion, events),
      });
    } catch (error) {
      // The plan may have evolved the cached state in place before it threw.
      this.cache.forget(streamId);
      throw error;
    }
  }

  /**
   * After the append: the recorded events get the positions the store assigned, the last command's
   * events are evolved, and the state is cached, unless the store kept another recordedAt than the
   * one the state was evolved with (then the next batch replays the stream).
   */
  private written(
    streamId: string,
    from: CachedState<TState, TValue>,
    plan: Planned<TState>,
    recordedAt: string,
    globalPositions: bigint[],
    stored: StoredAppend,
    projected: ProjectedRow,
  ): void {
    let exact = true;
    plan.recorded.forEach((event, index) => {
      event.globalPosition = globalPositions[index];
      event.transactionId = stored.transactionId;
      if (stored.recordedAt[index] !== event.recordedAt) {
        exact = false;
        event.recordedAt = stored.recordedAt[index];
      }
    });
    let { state } = plan;
    const tracked = this.tracking(from);
    for (const event of plan.unevolved) state = tracked.evolve(state, event);
    if (exact) this.cache.set(streamId, { state, version: plan.version, lastRecordedAt: recordedAt, projected: from.projected, stored: projected.stored });
    else this.cache.forget(streamId);
  }

  /**
   * Leaves a snapshot of the stream's cached state when one is due. Called holding the stream's
   * mutex, once what is cached is committed (never inside the transaction that appends it).
   */
  private leaveSnapshot(streamId: string): void {
    const entry = this.cache.get(streamId);
    if (entry !== undefined && this.snapshots?.due(this.snapshotted.get(streamId) ?? 0, entry.version)) {
      this.snapshotted.set(streamId, entry.version);
      this.snapshots.save(streamId, entry.version, entry.lastRecordedAt, entry.state);
    }
  }

  private async storedAfter(client: pg.PoolClient, streamId: string, version: number): Promise<StoredAppend> {
    const read = await this.store.readStreamWith(client, streamId, { fromVersion: version + 1 });
    return { transactionId: read[0]?.transactionId ?? '', recordedAt: read.map((event: RecordedEvent) => event.recordedAt) };
  }

  /**
   * Runs `read` on the stream's current committed state (queries and what-ifs). `read` must not
   * keep or change the state: it is the runner's cached copy. `unchangedSince`: the version of the
   * projection's row this runner last stored for the stream, when the value stored at every batch
   * since would have been that row's (CachedState.stored).
   */
  withState<T>(streamId: string, read: (state: TState, version: number, projected: TValue | undefined, unchangedSince: number | undefined) => T): Promise<T> {
    return this.local.run(streamId, async () => {
      const { state, version, projected, stored } = await this.load(this.pool, streamId, await this.startingPoint(streamId));
      this.leaveSnapshot(streamId);
      return read(state, version, projected, stored?.version);
    });
  }

  /** The stream's state: the cached one, else `start` (startingPoint's), else the initial one; brought up to date with the stream's tail. */
  private async load(db: pg.Pool | pg.PoolClient, streamId: string, start: CachedState<TState, TValue> | undefined): Promise<CachedState<TState, TValue>> {
    const cached: CachedState<TState, TValue> = this.cache.get(streamId) ?? start ?? { version: 0, state: this.decider.initialState(), lastRecordedAt: '' };
    const tail = await this.store.readStreamWith(db, streamId, { fromVersion: cached.version + 1 });
    let { state } = cached;
    const tracked = this.tracking(cached);
    for (const event of tail) state = tracked.evolve(state, event);
    const loaded = {
      state,
      version: cached.version + tail.length,
      lastRecordedAt: tail.at(-1)?.recordedAt ?? cached.lastRecordedAt,
      // A state loaded from its snapshot or its first event: its value computed whole, once.
      projected: cached.projected ?? this.projection?.of(state),
      // Events appended by another writer: what it stored is not known here, so the next batch stores a row.
      stored: tail.length === 0 ? cached.stored : undefined,
    };
    if (tail.length > 0 || cached.version > 0) this.cache.set(streamId, loaded);
    return loaded;
  }

  /** The decider, whose evolve also evolves the entry's projected value (in place, with its state). */
  private tracking(entry: CachedState<TState, TValue>): Decider<TCommand, TState> {
    const { projection, decider } = this;
    const value = entry.projected;
    const evolve = (state: TState, event: RecordedEvent): TState => decider.evolve(state, event);
    return {
      initialState: () => decider.initialState(),
      decide: (command, state, context) => decider.decide(command, state, context),
      evolve: projection === undefined || value === undefined ? evolve : (state, event) => projection.evolve(value, state, event, evolve),
    };
  }

  /** What the projection stores with a batch appended on the entry's version: a row only if its key moved since the last row stored. */
  private projectedAt(entry: CachedState<TState, TValue>): ProjectedRow {
    if (this.projection === undefined || entry.projected === undefined || entry.version === 0) return {};
    const key = this.projection.key(entry.projected, entry.state);
    if (key === entry.stored?.key) return { stored: entry.stored };
    const value = this.projection.valueAt(entry.projected, entry.state);
    if (value === undefined) return {};
    return {
      row: { projection: this.projection.name, value, previousVersion: entry.stored?.version ?? null },
      stored: { version: entry.version, key },
    };
  }

  /** Where a stream with nothing cached starts: its latest snapshot, freshly decoded (load evolves it in place). */
  private async startingPoint(streamId: string): Promise<CachedState<TState, TValue> | undefined> {
    if (this.cache.get(streamId) !== undefined) return undefined;
    const snapshot = await this.snapshots?.latest(streamId);
    if (snapshot === undefined) return undefined;
    this.snapshotted.set(streamId, snapshot.version);
    return snapshot;
  }
}
