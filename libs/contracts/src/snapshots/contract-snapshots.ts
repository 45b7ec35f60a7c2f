import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type ContractState, decodeContractState, encodeContractState } from '#domain';
import { SnapshotStore, StateSnapshots } from '#event-store';
import { contractRulesVersion } from './contract-rules-version.js';

/**
 * Events between two snapshots of a contract: an "as recorded at" read folds at most about this
 * many events after its snapshot (docs/snapshots.md, where it is measured).
 */
export const CONTRACT_SNAPSHOT_EVERY = 1000;

/** The rules version is the code's, the same for the whole process: hashed once. */
let rulesVersion: string | undefined;

/**
 * The snapshots of contracts' states, shared by the command side (ContractRunner: its cold start,
 * one every CONTRACT_SNAPSHOT_EVERY events) and the "as recorded at" reads (ContractHistory).
 * At start-up the snapshots of other rules versions are deleted; at shutdown, the writes under way finish.
 */
@Injectable()
export class ContractSnapshots extends StateSnapshots<ContractState> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(store: SnapshotStore) {
    rulesVersion ??= contractRulesVersion();
    super(store, { rulesVersion, encode: encodeContractState, decode: decodeContractState }, CONTRACT_SNAPSHOT_EVERY);
  }

  async onApplicationBootstrap(): Promise<void> {
    const deleted = await this.deleteOtherRules();
    if (deleted > 0) new Logger('Snapshots').log(`deleted ${deleted} contract snapshots of other rules versions`);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.written();
  }
}
