import type pg from 'pg';
import { type Snapshot, SnapshotStore } from '../snapshot-store.port.js';
import { deleteSnapshotsOfOtherRules } from './operations/snapshots/delete-other-rules.js';
import { deleteSnapshots } from './operations/snapshots/delete-snapshots.js';
import { latestSnapshotVersion } from './operations/snapshots/latest-snapshot-version.js';
import { readSnapshot } from './operations/snapshots/read-snapshot.js';
import { snapshotVersions } from './operations/snapshots/snapshot-versions.js';
import { writeSnapshot } from './operations/snapshots/write-snapshot.js';

/** Snapshots in es_snapshots (schema: event-store.migrations.ts, 002; one file per operation under operations/snapshots/). */
export class PostgresSnapshotStore extends SnapshotStore {
  constructor(private readonly pool: pg.Pool) {
    super();
  }

  write(snapshot: Snapshot): Promise<void> {
    return writeSnapshot(this.pool, snapshot);
  }

  latestVersion(streamId: string, rulesVersion: string, atOrBefore?: number): Promise<number | undefined> {
    return latestSnapshotVersion(this.pool, streamId, rulesVersion, atOrBefore);
  }

  read(streamId: string, rulesVersion: string, version: number): Promise<Snapshot | undefined> {
    return readSnapshot(this.pool, streamId, rulesVersion, version);
  }

  versions(streamId: string, rulesVersion: string): Promise<number[]> {
    return snapshotVersions(this.pool, streamId, rulesVersion);
  }

  delete(streamId: string, rulesVersion: string, versions: readonly number[]): Promise<number> {
    return deleteSnapshots(this.pool, streamId, rulesVersion, versions);
  }

  deleteOtherRules(rulesVersion: string, quietMs: number): Promise<number> {
    return deleteSnapshotsOfOtherRules(this.pool, rulesVersion, quietMs);
  }
}
