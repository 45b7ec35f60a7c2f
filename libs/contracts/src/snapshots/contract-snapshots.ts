import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type ContractState, decodeContractState, encodeContractState } from '#domain';
import { SnapshotStore, StateSnapshots } from '#event-store';
import { contractRulesVersion } from './contract-rules-version.js';

/**
 * Snapshots of a contract are CONTRACT_SNAPSHOT_EVERY events apart, and past 20,000 events a
 * CONTRACT_SNAPSHOT_GROWTHth of the contract apart: an "as recorded at" read folds at most that
 * many events after its snapshot, and encoding a snapshot costs each event about 0.07 ms whatever
 * the contract's size (measured in docs/snapshots.md).
 */
export const CONTRACT_SNAPSHOT_EVERY = 1000;
export const CONTRACT_SNAPSHOT_GROWTH = 20;

/** The rules version is the code's, the same for the whole process: hashed once. */
let rulesVersion: string | undefined;

/**
 * The snapshots of contracts' states, shared by the command side (ContractRunner: its cold start,
 * a snapshot every so many events) and the "as recorded at" reads (ContractHistory).
 * At start-up the snapshots of other rules versions quiet for a day are deleted; at shutdown, the writes under way finish.
 */
@Injectable()
export class ContractSnapshots extends StateSnapshots<ContractState> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(store: SnapshotStore) {
    rulesVersion ??= contractRulesVersion();
    super(store, { rulesVersion, encode: encodeContractState, decode: decodeContractState }, CONTRACT_SNAPSHOT_EVERY, CONTRACT_SNAPSHOT_GROWTH);
  }

  async onApplicationBootstrap(): Promise<void> {
    const deleted = await this.deleteOtherRules();
    if (deleted > 0) new Logger('Snapshots').log(`deleted ${deleted} contract snapshots of other rules versions`);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.written();
  }
}
