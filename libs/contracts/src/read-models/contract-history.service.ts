import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import {
  Clock,
  cloneContractState,
  compareInstants,
  type ContractState,
  contractNotFound,
  DomainError,
  INSTANT_FORMAT_HINT,
  initialContractState,
  parseInstant,
  contractStreamId,
  evolve,
} from '#domain';
import { EventStreamReader, type RecordedEvent } from '#event-store';
import { ContractRunner } from '../application/contract.runner.js';
import { ContractSnapshots } from '../snapshots/contract-snapshots.js';
import type { KeptComputations } from './kept-computations.cache.js';

/** Positions closer than this are read in one range (a few rows too many beat another round trip). */
const MAX_GAP = 32;

/**
 * Events read and folded per round trip. Folding a long stream in one piece held the event loop
 * for the whole read (a 60,000-event contract: ~1 s, 8 readers at once kept /health waiting over
 * a second); page by page, other requests are served between pages.
 */
export const FOLD_PAGE_SIZE = 2000;

/**
 * Folds that run at once; the others wait their turn. The event loop shares its time between all
 * that are running, so each running fold slows every other request; two keep the loop busy (one
 * folds while the other's page is read) and leave it free enough that /health and the commands
 * are answered between their pages.
 */
export const CONCURRENT_FOLDS = 2;

/**
 * The contract as recorded at any instant (§6): now, from the command side's cached state; at an
 * earlier instant, the stream as recorded then, folded with the domain's `evolve` from the nearest
 * snapshot at or before it (docs/snapshots.md: the events since it, at most 1,000 or a 20th of the contract). An unknown
 * contract is a `contract-not-found` (404); an instant outside the contract's life (asOfInstant) a
 * 400 naming `asOf`.
 */
@Injectable()
export class ContractHistory {
  private readonly folds = pLimit(CONCURRENT_FOLDS);

  constructor(
    private readonly contracts: ContractRunner,
    private readonly store: EventStreamReader,
    private readonly clock: Clock,
    private readonly snapshots: ContractSnapshots,
  ) {}

  /**
   * The instant a read is as recorded at, checked here for every read that takes `asOf` (these
   * reads, the occurrences table, the evaluators' figures, report and package, the settlement and
   * its what-if): undefined (now) stays undefined; otherwise an ISO-8601 instant, answered in the
   * store's form, that is
   * - an instant: else 400 `invalid-as-of`;
   * - not later than now (the Clock): else 400 `as-of-in-the-future` (nothing is known yet of what
   *   will be recorded, and a date past the calendar's end is no date);
   * - of a contract that exists: else 404 `contract-not-found`;
   * - not before the contract was registered (its first fact): else 400 `as-of-before-contract`,
   *   naming the instant it was.
   */
  async asOfInstant(contractId: string, asOf: string | undefined): Promise<string | undefined> {
    if (asOf === undefined) return undefined;
    const instant = parseInstant(asOf);
    if (instant === undefined) throw new DomainError('invalid', 'invalid-as-of', `asOf must be ${INSTANT_FORMAT_HINT}.`, { field: 'asOf' });
    const now = this.clock.instant();
    if (compareInstants(instant, now) > 0) {
      throw new DomainError('invalid', 'as-of-in-the-future', `asOf must not be later than now (${now}): what will be recorded is not known yet.`, {
        field: 'asOf',
      });
    }
    const streamId = contractStreamId(contractId);
    // Its first fact recorded by then (the database compares the instants): the usual case, one lookup.
    if ((await this.store.streamVersion(streamId, { recordedAtOrBefore: instant })) > 0) return instant;
    const [registration] = await this.store.readStream(streamId, { fromVersion: 1, toVersion: 1 });
    if (registration === undefined) throw contractNotFound(contractId);
    throw new DomainError('invalid', 'as-of-before-contract', `asOf is before contract ${contractId} was registered, at ${registration.recordedAt}.`, {
      field: 'asOf',
    });
  }

  /**
   * Runs `read` on the contract's state as recorded at `asOf` (checked by asOfInstant), or now.
   * `read` must not keep or change the state (now, it is the command side's cached copy): it
   * returns fresh values.
   */
  async read<T>(contractId: string, asOf: string | undefined, read: (state: ContractState, asOf: string) => T): Promise<T> {
    const at = await this.asOfInstant(contractId, asOf);
    if (at === undefined) {
      return this.contracts.withContractState(contractId, (state) => read(registered(state, contractId), this.clock.instant()));
    }
    const state = await this.folds(() => this.stateAt(contractId, at));
    return read(registered(state, contractId, at), at);
  }

  /**
   * read(), computed once per key: `keyOf` names what `read` depends on from the log version and the
   * instant read at, and `read` runs only when `kept` holds nothing under that key. As recorded at
   * an instant, the version is one lookup, and the state is folded only when the key is new. A
   * cache may keep values of several reads (K), each under keys of its own.
   */
  async readKept<T extends K, K = T>(
    contractId: string,
    asOf: string | undefined,
    kept: KeptComputations<Promise<K>>,
    keyOf: (version: number, asOf: string) => string,
    read: (state: ContractState, asOf: string) => T,
  ): Promise<{ value: T; asOf: string; version: number }> {
    const at = await this.asOfInstant(contractId, asOf);
    if (at === undefined) {
      const now = await this.contracts.withContractState(contractId, (state) => {
        const at = this.clock.instant();
        const version = registered(state, contractId).version;
        return { asOf: at, version, value: kept.get(keyOf(version, at), () => Promise.resolve(read(state, at))) };
      });
      // What a key names is a value of `read`.
      return { ...now, value: (await now.value) as T };
    }
    const version = await this.store.streamVersion(contractStreamId(contractId), { recordedAtOrBefore: at });
    const value = await kept.get(keyOf(version, at), async () =>
      read(registered(await this.folds(() => this.stateAt(contractId, at, version)), contractId, at), at),
    );
    return { asOf: at, version, value: value as T };
  }

  /**
   * The state as recorded at `asOf`: a copy of the nearest snapshot's at or before it, and the
   * events after that folded a page at a time. Where a snapshot is due (ContractSnapshots.due) and
   * missing, the fold leaves one (the first reads after the rules' code changed rebuild them; the
   * next reads start from them).
   */
  private async stateAt(contractId: string, asOf: string, version?: number): Promise<ContractState> {
    const streamId = contractStreamId(contractId);
    // Fixed first, so that every page is of the same prefix even while facts are being recorded.
    const last = version ?? (await this.store.streamVersion(streamId, { recordedAtOrBefore: asOf }));
    const snapshot = await this.snapshots.shared(streamId, last);
    const state = snapshot === undefined ? initialContractState() : cloneContractState(snapshot.state);
    let since = snapshot?.version ?? 0;
    for (let from = since + 1; from <= last; from += FOLD_PAGE_SIZE) {
      const page = await this.store.readStream(streamId, { fromVersion: from, toVersion: Math.min(last, from + FOLD_PAGE_SIZE - 1) });
      for (const event of page) {
        evolve(state, event);
        if (this.snapshots.due(since, event.streamVersion)) {
          this.snapshots.save(streamId, event.streamVersion, event.recordedAt, state);
          since = event.streamVersion;
        }
      }
    }
    return state;
  }

  /** The events at these positions of the contract's log, by position (positions past the log's end are left out). */
  async eventsAt(contractId: string, positions: Iterable<number>): Promise<Map<number, RecordedEvent>> {
    const wanted = [...new Set(positions)].filter((p) => Number.isSafeInteger(p) && p > 0).sort((a, b) => a - b);
    const ranges: Array<[number, number]> = [];
    for (const position of wanted) {
      const last = ranges[ranges.length - 1];
      if (last !== undefined && position - last[1] <= MAX_GAP) last[1] = position;
      else ranges.push([position, position]);
    }
    const streamId = contractStreamId(contractId);
    const reads = await Promise.all(ranges.map(([fromVersion, toVersion]) => this.store.readStream(streamId, { fromVersion, toVersion })));
    const keep = new Set(wanted);
    const found = new Map<number, RecordedEvent>();
    for (const event of reads.flat()) if (keep.has(event.streamVersion)) found.set(event.streamVersion, event);
    return found;
  }
}

function registered(state: ContractState, contractId: string, asOf?: string): ContractState {
  if (state.status === 'unregistered') throw contractNotFound(contractId, asOf);
  return state;
}
