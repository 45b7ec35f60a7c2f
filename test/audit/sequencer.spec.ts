import { runMigrations } from '#database';
import { CatchUpSubscription } from '#event-store';
import {
  CompactRange,
  type Hash,
  hashChildren,
  inclusionProof,
  LEAF_FORMAT,
  leafHashOf,
  leafText,
  MapNodeReader,
  nodeKey,
  rootAt,
  splitPoint,
  verifyInclusion,
} from '#ledger';
import { LEDGER_SEQUENCER, ledgerMigrations, LedgerSequencer, leafEventOf, PgNodeReader } from '#ledger/service/index.js';
import { appendWithin } from '#test-support/event-store.appends.js';
import { createEventStoreFixture, type EventStoreFixture, newEvent } from '#test-support/event-store.fixture.js';

function referenceRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 1) return leaves[0];
  const k = splitPoint(leaves.length);
  return hashChildren(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

describe('the ledger sequencer on PostgreSQL', () => {
  let f: EventStoreFixture;
  let subscription: CatchUpSubscription;

  beforeAll(async () => {
    f = await createEventStoreFixture();
    await runMigrations(f.pool, ledgerMigrations);
    const sequencer = new LedgerSequencer();
    subscription = new CatchUpSubscription(f.pool, f.store, {
      subscriptionId: LEDGER_SEQUENCER,
      handler: (events, tx) => sequencer.handle(events, tx),
      batchSize: 7,
    });
    await subscription.register();
  });
  afterAll(() => f.close());

  it('never skips an event committed late, gives dense indices in commit-safe order, and chains each stream', async () => {
    // A transaction that takes its position first and commits last.
    const late = await f.pool.connect();
    await late.query('BEGIN');
    await appendWithin(f.store, late, {
      streamId: 'contract-late',
      streamType: 'contract',
      expectedVersion: 'no_stream',
      events: [newEvent('Late', { n: 0 })],
    });
    for (let i = 0; i < 20; i++) {
      await f.store.appendToStream({
        streamId: `contract-s${i % 3}`,
        streamType: 'contract',
        expectedVersion: 'any',
        events: [newEvent('Fact', { i }), newEvent('Fact', { i, j: 1 })],
      });
    }
    await subscription.catchUp();
    const before = await f.pool.query<{ n: string }>('SELECT count(*) AS n FROM ledger_leaves');
    expect(Number(before.rows[0].n)).toBeLessThan(40); // the late transaction holds readers back: nothing after it is taken yet
    await late.query('COMMIT');
    late.release();
    await subscription.catchUpToHead();

    const leaves = await f.pool.query<{
      ledger_index: string;
      event_id: string;
      stream_id: string;
      leaf_hash: Buffer;
      previous_index: string | null;
      previous_hash: Buffer | null;
    }>('SELECT * FROM ledger_leaves ORDER BY ledger_index');
    expect(leaves.rows.map((r) => Number(r.ledger_index))).toEqual(Array.from({ length: 41 }, (_, i) => i));
    const log = await f.store.readAll({ limit: 1000 });
    expect(leaves.rows.map((r) => r.event_id)).toEqual(log.map((e) => e.eventId));
    const last = new Map<string, { index: number; hash: string }>();
    for (const [i, row] of leaves.rows.entries()) {
      const previous = last.get(row.stream_id);
      expect(row.previous_index === null ? null : { index: Number(row.previous_index), hash: row.previous_hash!.toString('hex') }).toEqual(previous ?? null);
      const text = leafText({
        format: LEAF_FORMAT,
        index: i,
        previous: previous ? { index: previous.index, leafHash: previous.hash } : null,
        event: leafEventOf(log[i]),
      });
      expect(row.leaf_hash.toString('hex')).toBe(leafHashOf(text).toString('hex'));
      last.set(row.stream_id, { index: i, hash: row.leaf_hash.toString('hex') });
    }
  });

  it('keeps the tree: the stored edge, subtrees and proofs agree with RFC 9162 over the stored leaves, for every size', async () => {
    for (let i = 0; i < 60; i++)
      await f.store.appendToStream({ streamId: 'contract-more', streamType: 'contract', expectedVersion: 'any', events: [newEvent('More', { i })] });
    await subscription.catchUpToHead();
    const leafRows = await f.pool.query<{ leaf_hash: Buffer }>('SELECT leaf_hash FROM ledger_leaves ORDER BY ledger_index');
    const leaves = leafRows.rows.map((r) => r.leaf_hash);
    const state = await f.pool.query<{ tree_size: string; edge: Buffer[] }>('SELECT tree_size, edge FROM ledger_state');
    expect(Number(state.rows[0].tree_size)).toBe(leaves.length);
    expect(CompactRange.of(leaves.length, state.rows[0].edge).root().equals(referenceRoot(leaves))).toBe(true);
    const all = new Map<string, Hash>();
    const range = CompactRange.empty();
    for (const leaf of leaves) for (const node of range.append(leaf)) all.set(nodeKey(node), node.hash);
    const reference = new MapNodeReader(all);
    const stored = new PgNodeReader(f.pool);
    for (let size = 1; size <= leaves.length; size += 3) {
      expect((await rootAt(stored, size)).equals(referenceRoot(leaves.slice(0, size)))).toBe(true);
      const index = (size * 7) % size;
      const proof = await inclusionProof(stored, index, size);
      expect(proof.map((h) => h.toString('hex'))).toEqual((await inclusionProof(reference, index, size)).map((h) => h.toString('hex')));
      expect(verifyInclusion(index, size, leaves[index], proof, referenceRoot(leaves.slice(0, size)))).toEqual({ ok: true });
    }
  });

  it('refuses to change or remove a leaf, a subtree or a checkpoint', async () => {
    await expect(f.pool.query('UPDATE ledger_leaves SET leaf_hash = leaf_hash WHERE ledger_index = 0')).rejects.toThrow(/ledger_leaves is append-only/);
    await expect(f.pool.query('DELETE FROM ledger_nodes')).rejects.toThrow(/ledger_nodes is append-only/);
    await expect(f.pool.query('TRUNCATE ledger_checkpoints')).rejects.toThrow(/ledger_checkpoints is append-only/);
  });
});
