import type { Migration } from '#database';

/**
 * The ledger's tables. Leaves, subtrees and checkpoints are append-only, like es_events; the
 * state row, the streams' tails and the checkpoint heads are the sequencer's and checkpointer's
 * working state (whatever is changed there is caught: the next checkpoint refuses, or a verifier).
 */
export const ledgerMigrations: Migration[] = [
  {
    id: 'ledger/001-merkle-log',
    sql: `
      -- The tree: its size and its right edge (the hashes of the perfect subtrees its size decomposes into).
      CREATE TABLE ledger_state (
        id        boolean PRIMARY KEY DEFAULT true CHECK (id),
        tree_size bigint NOT NULL DEFAULT 0,
        edge      bytea[] NOT NULL DEFAULT '{}'
      );
      INSERT INTO ledger_state DEFAULT VALUES;

      -- One leaf per event, dense from 0 in the log's commit-safe order.
      CREATE TABLE ledger_leaves (
        ledger_index    bigint PRIMARY KEY,
        event_id        uuid NOT NULL,
        stream_id       text NOT NULL,
        stream_version  bigint NOT NULL,
        -- One leaf per event. Keyed by the log's position rather than the (random) event id: a
        -- rising key costs the sequencer far less to index.
        global_position bigint NOT NULL UNIQUE,
        leaf_hash       bytea NOT NULL,
        -- The stream's previous leaf (in ledger order), as this leaf's bytes commit to it.
        previous_index  bigint,
        previous_hash   bytea
      );
      CREATE INDEX ledger_leaves_by_stream ON ledger_leaves (stream_id, ledger_index);

      -- Every perfect subtree of 16 leaves or more (level >= 4): [node_index * 2^level, (node_index + 1) * 2^level).
      -- Smaller ones are recomputed from their leaves when a proof needs them.
      CREATE TABLE ledger_nodes (
        level      smallint NOT NULL,
        node_index bigint NOT NULL,
        hash       bytea NOT NULL,
        PRIMARY KEY (level, node_index)
      );

      -- Each stream's last leaf so far, to chain the next one.
      CREATE TABLE ledger_stream_tails (
        stream_id    text PRIMARY KEY,
        ledger_index bigint NOT NULL,
        leaf_hash    bytea NOT NULL,
        leaves       bigint NOT NULL
      );

      CREATE TABLE ledger_checkpoints (
        tree_size   bigint PRIMARY KEY,
        root_hash   bytea NOT NULL,
        heads_count bigint NOT NULL,
        heads_root  bytea NOT NULL,
        note        text NOT NULL,
        signed_at   timestamptz NOT NULL DEFAULT now()
      );

      -- Each stream's head as of the latest checkpoint (its signed heads root vouches for them).
      CREATE TABLE ledger_checkpoint_heads (
        stream_id    text PRIMARY KEY,
        ledger_index bigint NOT NULL,
        leaf_hash    bytea NOT NULL,
        leaves       bigint NOT NULL
      );

      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'ESRO1';
      END $$;
      CREATE TRIGGER ledger_leaves_append_only BEFORE UPDATE OR DELETE ON ledger_leaves FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER ledger_leaves_no_truncate BEFORE TRUNCATE ON ledger_leaves FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER ledger_nodes_append_only BEFORE UPDATE OR DELETE ON ledger_nodes FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER ledger_nodes_no_truncate BEFORE TRUNCATE ON ledger_nodes FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER ledger_checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoints FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
    `,
  },
];
