import { Injectable } from '@nestjs/common';
import { Database } from '#database';
import { readStreamEventsByDataField, streamHasEvents } from '#event-store';
import { contractNotFound, PAYMENT_EVENT_TYPES, PAYMENT_ORIGIN_TYPES, type PaymentState, paymentStateOfEvents } from '#domain';
import { LEAF_FORMAT, leafText } from '../leaf/ledger-leaf.js';
import { consistencyProof, inclusionProofWithLeaf } from '../merkle/proofs.js';
import type { Hash } from '../merkle/tree-hash.js';
import { LedgerCheckpoints, type StoredCheckpoint } from './ledger-checkpoints.service.js';
import { LedgerNotFoundError, LedgerRequestError } from './ledger-lookup.errors.js';
import { PgNodeReader } from './pg-node-reader.js';
import { readLeafEventAt, readLeafEventById, type StoredLeafEvent } from './stored-events.js';

export interface InclusionProofView {
  ledgerIndex: number;
  treeSize: number;
  streamId: string;
  /** The leaf's exact bytes (UTF-8 of this string): hash it as SHA-256(0x00 ‖ bytes). */
  leaf: string;
  leafHash: string;
  /** RFC 9162 inclusion path, hex, bottom up. */
  proof: string[];
  /** The signed checkpoint of `treeSize`. */
  checkpoint: string;
}

/** A payment identity's proof: the event that made it, in the signed log, and where its money stands by its events. */
export interface PaymentProofView extends InclusionProofView {
  payment: {
    paymentId: string;
    /** Derived from the events below by the domain's one rule (docs/rules.md §7). */
    state: PaymentState;
    /** Its events in log order, each provable by its id (`GET /ledger/events/{eventId}/inclusion-proof`). */
    events: Array<{ eventId: string; type: string; streamVersion: number }>;
  };
}

export interface ConsistencyProofView {
  fromSize: number;
  toSize: number;
  proof: string[];
  fromCheckpoint: string | null;
  toCheckpoint: string;
}

/** Inclusion and consistency proofs against the signed checkpoints, from the stored subtrees (one read per proof). */
@Injectable()
export class LedgerProofs {
  constructor(
    private readonly database: Database,
    private readonly checkpoints: LedgerCheckpoints,
  ) {}

  async checkpoint(treeSize?: number): Promise<StoredCheckpoint> {
    const found = treeSize === undefined ? await this.checkpoints.recent() : await this.checkpoints.at(treeSize);
    if (found === undefined) {
      throw new LedgerNotFoundError(
        'checkpoint-not-found',
        treeSize === undefined ? 'No checkpoint has been signed yet.' : 'No checkpoint was signed at that tree size.',
        treeSize === undefined ? undefined : 'treeSize',
      );
    }
    return found;
  }

  /**
   * `visible` says which streams the caller may see: an event of any other is answered exactly as
   * an index or id that has no event (same error, same message), decided before any proof is read
   * or checked against the checkpoint; without it, every stream.
   */
  async inclusionOfIndex(index: number, treeSize?: number, visible?: StreamFilter): Promise<InclusionProofView> {
    const checkpoint = await this.checkpoint(treeSize);
    if (index < checkpoint.treeSize && visible === undefined) {
      // The index is known and every stream may be seen: the event and the path are read at once, on two connections.
      const [stored, path] = await Promise.all([
        readLeafEventAt(this.database.pool, index),
        inclusionProofWithLeaf(new PgNodeReader(this.database.pool), index, checkpoint.treeSize),
      ]);
      if (stored?.ledger == null) throw noLeafAtIndex();
      return view(stored, checkpoint, path);
    }
    const stored = await readLeafEventAt(this.database.pool, index);
    if (stored?.ledger == null || (visible !== undefined && !visible(stored.event.streamId))) throw noLeafAtIndex();
    if (index < checkpoint.treeSize)
      return view(stored, checkpoint, await inclusionProofWithLeaf(new PgNodeReader(this.database.pool), index, checkpoint.treeSize));
    return this.inclusionOf(stored, treeSize);
  }

  /** `visible` as for inclusionOfIndex. */
  async inclusionOfEvent(eventId: string, treeSize?: number, visible?: StreamFilter): Promise<InclusionProofView> {
    const stored = await readLeafEventById(this.database.pool, eventId);
    if (stored?.ledger == null || (visible !== undefined && !visible(stored.event.streamId))) {
      throw new LedgerNotFoundError('leaf-not-found', 'No sequenced event has that id.', 'eventId');
    }
    return this.inclusionOf(stored, treeSize);
  }

  /**
   * The proof that the event which made a payment identity (an outcome's OutcomeVerified, an agreed
   * settlement's SettlementAgreed, an adjustment's SettlementAdjusted) is in the log, with the
   * identity's state and the events that put it there.
   */
  async inclusionOfPayment(contractId: string, streamId: string, paymentId: string, treeSize?: number): Promise<PaymentProofView> {
    const recorded = await readStreamEventsByDataField(this.database.pool, streamId, { eventTypes: PAYMENT_EVENT_TYPES, field: 'paymentId', value: paymentId });
    const origin = recorded.find((event) => PAYMENT_ORIGIN_TYPES.includes(event.type));
    const state = paymentStateOfEvents(recorded.map((event) => ({ type: event.type, data: event.data as { amount?: number } })));
    if (origin === undefined || state === undefined) {
      // Only now is it worth asking whether the contract exists: answered like every route's unknown contract.
      if (!(await streamHasEvents(this.database.pool, streamId))) throw contractNotFound(contractId);
      throw new LedgerNotFoundError('payment-not-found', 'No payment has that identity in this contract.', 'paymentId');
    }
    const proof = await this.inclusionOfEvent(origin.eventId, treeSize);
    const events = recorded.map((event) => ({ eventId: event.eventId, type: event.type, streamVersion: event.streamVersion }));
    return { ...proof, payment: { paymentId, state, events } };
  }

  async consistency(fromSize: number, toSize?: number): Promise<ConsistencyProofView> {
    const to = await this.checkpoint(toSize);
    if (fromSize < 1 || fromSize > to.treeSize) {
      throw new LedgerRequestError('invalid-tree-size', `from must be a tree size from 1 to ${to.treeSize}.`, 'from');
    }
    const proof = await consistencyProof(new PgNodeReader(this.database.pool), fromSize, to.treeSize);
    const from = await this.checkpoints.at(fromSize);
    return { fromSize, toSize: to.treeSize, proof: proof.map((h) => h.toString('hex')), fromCheckpoint: from?.note ?? null, toCheckpoint: to.note };
  }

  private async inclusionOf(stored: StoredLeafEvent, treeSize?: number): Promise<InclusionProofView> {
    const ledger = stored.ledger!;
    const checkpoint = await this.checkpoint(treeSize);
    if (ledger.index >= checkpoint.treeSize) {
      throw new LedgerNotFoundError(
        'not-in-checkpoint',
        'The event was sequenced after that checkpoint; ask again after the next one.',
        treeSize === undefined ? undefined : 'treeSize',
      );
    }
    return view(stored, checkpoint, await inclusionProofWithLeaf(new PgNodeReader(this.database.pool), ledger.index, checkpoint.treeSize));
  }
}

/** Which streams a caller may see (by stream id). */
export type StreamFilter = (streamId: string) => boolean;

const noLeafAtIndex = (): LedgerNotFoundError => new LedgerNotFoundError('leaf-not-found', 'No event has that ledger index.', 'index');

function view(stored: StoredLeafEvent, checkpoint: StoredCheckpoint, path: { leafHash: Hash; proof: Hash[] }): InclusionProofView {
  const ledger = stored.ledger!;
  return {
    ledgerIndex: ledger.index,
    treeSize: checkpoint.treeSize,
    streamId: stored.event.streamId,
    leaf: leafText({ format: LEAF_FORMAT, index: ledger.index, previous: ledger.previous, event: stored.event }),
    leafHash: path.leafHash.toString('hex'),
    proof: path.proof.map((h) => h.toString('hex')),
    checkpoint: checkpoint.note,
  };
}
