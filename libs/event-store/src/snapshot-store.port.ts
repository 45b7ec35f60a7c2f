/** A stream's state as of one version, encoded by whoever folds the stream (docs/snapshots.md). */
export interface Snapshot {
  streamId: string;
  /** The rules (the code of evolve and the encoding) the state was folded and encoded with. */
  rulesVersion: string;
  /** The state is the fold of the stream's events 1..streamVersion. */
  streamVersion: number;
  /** recordedAt of the event at streamVersion, in the store's form. */
  recordedAt: string;
  state: string;
}

/**
 * Where snapshots are kept: a cache of folds, never history (a snapshot lost or unreadable costs a
 * replay, nothing else). An abstract class, so that it is also the dependency-injection token.
 */
export abstract class SnapshotStore {
  /** Keeps the snapshot; one already kept at the same stream, rules and version stays. */
  abstract write(snapshot: Snapshot): Promise<void>;
  /** The version of the stream's latest snapshot of these rules at or before `atOrBefore` (any version when absent). */
  abstract latestVersion(streamId: string, rulesVersion: string, atOrBefore?: number): Promise<number | undefined>;
  /** The stream's snapshot of these rules at that version. */
  abstract read(streamId: string, rulesVersion: string, version: number): Promise<Snapshot | undefined>;
  /** The versions of the stream's snapshots of these rules, in order. */
  abstract versions(streamId: string, rulesVersion: string): Promise<number[]>;
  /** Deletes the stream's snapshots of these rules at these versions; returns how many. */
  abstract delete(streamId: string, rulesVersion: string, versions: readonly number[]): Promise<number>;
  /** Deletes the snapshots of every other rules version that wrote none in the last `quietMs`; returns how many. */
  abstract deleteOtherRules(rulesVersion: string, quietMs: number): Promise<number>;
}
