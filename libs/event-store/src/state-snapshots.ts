import { Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { SnapshotStore } from './snapshot-store.port.js';

/**
 * How long a rules version must have written no snapshot before another version's process deletes
 * its snapshots: during a rolling upgrade the old and the new processes run at once, and each
 * keeps the snapshots it reads (docs/snapshots.md).
 */
export const OTHER_RULES_QUIET_MS = 24 * 60 * 60 * 1000;

/** How a stream's state is written into a snapshot and read back, under which rules. */
export interface SnapshotCodec<TState> {
  /** Changes whenever the code that folds or encodes the state changes: snapshots of another are ignored. */
  readonly rulesVersion: string;
  encode(state: TState): string;
  /** Throws when the text is not a state this codec wrote. */
  decode(text: string): TState;
}

/** A state decoded from a snapshot: the fold of the stream's first `version` events. */
export interface SnapshotState<TState> {
  state: TState;
  version: number;
  /** recordedAt of the event at `version`. */
  lastRecordedAt: string;
}

/**
 * The snapshots of one kind of stream's state (docs/snapshots.md): who folds a stream (the decider
 * runner, an "as recorded at" read) writes one when its fold has gone far enough past the last one
 * (`due`), and starts its next fold from the latest one at or before where it must start. A
 * snapshot is a cache: one that cannot be read is logged and skipped (the fold starts earlier),
 * one that cannot be written is logged and lost.
 */
export class StateSnapshots<TState> {
  private readonly logger = new Logger('Snapshots');
  private readonly writing = new Set<Promise<void>>();
  private readonly decoded: LRUCache<string, SnapshotState<TState>>;

  constructor(
    private readonly store: SnapshotStore,
    private readonly codec: SnapshotCodec<TState>,
    /** The fewest events between two snapshots of a stream. */
    readonly every: number,
    /** Past `every * growth` events, snapshots are a `growth`th of the stream apart. */
    readonly growth: number,
    /** The most the decoded states that `shared` keeps may weigh, counted in their encoded text's length. */
    sharedCacheSize = 64 * 1024 * 1024,
  ) {
    this.decoded = new LRUCache({ maxSize: sharedCacheSize });
  }

  get rulesVersion(): string {
    return this.codec.rulesVersion;
  }

  /**
   * Whether a fold that has gone from its last snapshot at version `since` to `version` should
   * leave one: after `every` events, and further apart as the stream grows (a `growth`th of the
   * stream), so that encoding costs each event the same on a long stream as on a short one and the
   * snapshots of a stream weigh a bounded number of its states (docs/snapshots.md).
   */
  due(since: number, version: number): boolean {
    return version - since >= Math.max(this.every, Math.floor(since / this.growth));
  }

  /**
   * Of a stream's snapshot versions (in order), those to delete: a snapshot closer to the last one
   * kept than `due` asks for (a fold from the last one kept would not have left it), but never the
   * latest. What is kept is then the chain `due` leaves, so reads and the runner do not write back
   * what was thinned, and a read as recorded at any version folds from a snapshot at most about
   * two `due` spacings before it (docs/snapshots.md).
   */
  redundant(versions: readonly number[]): number[] {
    const drop: number[] = [];
    let kept = 0;
    for (const [index, version] of versions.entries()) {
      if (index === versions.length - 1 || this.due(kept, version)) kept = version;
      else drop.push(version);
    }
    return drop;
  }

  /** The stream's latest readable snapshot of these rules at or before version `atOrBefore` (the latest when absent), decoded for the caller. */
  async latest(streamId: string, atOrBefore?: number): Promise<SnapshotState<TState> | undefined> {
    return (await this.latestDecoded(streamId, atOrBefore))?.snapshot;
  }

  /**
   * Like `latest`, from a small cache of decoded states (bounded by the constructor's size): the
   * state is shared with other callers, who must not change it (copy it to fold on).
   */
  async shared(streamId: string, atOrBefore?: number): Promise<SnapshotState<TState> | undefined> {
    const version = await this.store.latestVersion(streamId, this.codec.rulesVersion, atOrBefore);
    if (version === undefined) return undefined;
    const hit = this.decoded.get(`${streamId}@${version}`);
    if (hit !== undefined) return hit;
    const read = await this.latestDecoded(streamId, version);
    if (read !== undefined) this.decoded.set(`${streamId}@${read.snapshot.version}`, read.snapshot, { size: Math.max(1, read.size) });
    return read?.snapshot;
  }

  /** The latest snapshot at or before `atOrBefore` that decodes: an unreadable one is logged and an earlier one tried. */
  private async latestDecoded(streamId: string, atOrBefore?: number): Promise<{ snapshot: SnapshotState<TState>; size: number } | undefined> {
    let before = atOrBefore;
    for (;;) {
      const version = await this.store.latestVersion(streamId, this.codec.rulesVersion, before);
      if (version === undefined) return undefined;
      const stored = await this.store.read(streamId, this.codec.rulesVersion, version);
      // Thinned (deleted) since it was found: look again.
      if (stored === undefined) continue;
      try {
        const snapshot = { state: this.codec.decode(stored.state), version: stored.streamVersion, lastRecordedAt: stored.recordedAt };
        return { snapshot, size: stored.state.length };
      } catch (error) {
        this.logger.warn(`snapshot of ${streamId} at ${stored.streamVersion} unreadable, folding from an earlier one: ${String(error)}`);
        before = stored.streamVersion - 1;
      }
    }
  }

  /**
   * Encodes the state now (the caller may change it next) and writes it in the background, then
   * thins the stream's snapshots (`redundant`): the caller does not wait for the database. A state
   * that cannot be encoded (one whose text would pass the longest string V8 makes,
   * docs/snapshots.md "Memory") is logged and not written, as a failed write is: the caller's
   * commands are committed by then.
   */
  save(streamId: string, version: number, lastRecordedAt: string, state: TState): void {
    const notWritten = (error: unknown): void => this.logger.warn(`snapshot of ${streamId} at ${version} not written: ${String(error)}`);
    let text: string;
    try {
      text = this.codec.encode(state);
    } catch (error) {
      return notWritten(error);
    }
    const snapshot = { streamId, rulesVersion: this.codec.rulesVersion, streamVersion: version, recordedAt: lastRecordedAt, state: text };
    const write = this.store
      .write(snapshot)
      .then(() => this.thin(streamId).catch((error: unknown) => this.logger.warn(`snapshots of ${streamId} not thinned: ${String(error)}`)), notWritten)
      .finally(() => this.writing.delete(write));
    this.writing.add(write);
  }

  /** Resolves when the writes started so far have ended (shutdown, tests). */
  async written(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing);
  }

  /** Deletes the stream's snapshots of these rules that `redundant` names. */
  private async thin(streamId: string): Promise<void> {
    const drop = this.redundant(await this.store.versions(streamId, this.codec.rulesVersion));
    if (drop.length > 0) await this.store.delete(streamId, this.codec.rulesVersion, drop);
  }

  /**
   * Deletes the snapshots of other rules (old code's) that wrote none for OTHER_RULES_QUIET_MS:
   * this process never reads them, and their processes have stopped.
   */
  deleteOtherRules(): Promise<number> {
    return this.store.deleteOtherRules(this.codec.rulesVersion, OTHER_RULES_QUIET_MS);
  }
}
