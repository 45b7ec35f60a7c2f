import type { Migration } from '#database';

/**
 * The log. `transaction_id` (xid8 of the appending transaction) is what lets catch-up readers take
 * only events of finished transactions (below the snapshot's xmin) and so never skip an event
 * that a slower concurrent transaction commits after a faster one with a higher position.
 */
export const eventStoreMigrations: Migration[] = [
  {
    id: 'event-store/001-log',
    sql: `
      CREATE TABLE es_streams (
        stream_id   text PRIMARY KEY,
        stream_type text NOT NULL,
        version     bigint NOT NULL CHECK (version > 0),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE es_events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id        uuid NOT NULL UNIQUE,
        -- No foreign key to es_streams: the stream's row is written (and locked) in the statement
        -- that inserts its events, and the per-row check cost ~10% of a batch append.
        stream_id       text NOT NULL,
        stream_version  bigint NOT NULL CHECK (stream_version > 0),
        event_type      text NOT NULL,
        schema_version  integer NOT NULL DEFAULT 1,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
        -- Rises with stream_version: the clock at insert (clock_timestamp(), not the transaction's
        -- start), or the instant the writer gives, which it keeps rising (DeciderRunner: its clock,
        -- never before the stream's last recorded_at).
        recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (stream_id, stream_version)
      );
      CREATE INDEX es_events_commit_order ON es_events (transaction_id, global_position);

      -- Append-only: nobody changes or removes history, not even by mistake.
      CREATE FUNCTION es_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'es_events is append-only: % refused', TG_OP USING ERRCODE = 'ESRO1';
      END $$;
      CREATE TRIGGER es_events_append_only BEFORE UPDATE OR DELETE ON es_events
        FOR EACH ROW EXECUTE FUNCTION es_refuse_change();
      CREATE TRIGGER es_events_no_truncate BEFORE TRUNCATE ON es_events
        FOR EACH STATEMENT EXECUTE FUNCTION es_refuse_change();

      -- A retried append: when every id is stored in this stream, the stored rows; when some are
      -- stored (or in another stream), ESIDC; when none, nothing.
      CREATE FUNCTION es_stored_append(p_stream_id text, p_events jsonb)
      RETURNS TABLE (global_position bigint, stream_version bigint, duplicate boolean)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_ids   uuid[];
        v_found integer;
      BEGIN
        SELECT array_agg((e->>'eventId')::uuid ORDER BY ord) INTO v_ids
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, ord);
        SELECT count(*) INTO v_found FROM es_events WHERE event_id = ANY (v_ids);
        IF v_found = 0 THEN
          RETURN;
        END IF;
        IF v_found = cardinality(v_ids) AND NOT EXISTS (
             SELECT 1 FROM es_events WHERE event_id = ANY (v_ids) AND es_events.stream_id <> p_stream_id) THEN
          RETURN QUERY SELECT ev.global_position, ev.stream_version, true FROM es_events ev
            WHERE ev.event_id = ANY (v_ids) ORDER BY ev.stream_version;
          RETURN;
        END IF;
        RAISE EXCEPTION 'event ids already used' USING ERRCODE = 'ESIDC';
      END $$;

      -- Appends with an exact or 'no_stream' expected version go through one prepared statement in
      -- the adapter, which calls es_append only when that wrote nothing (a retry or a conflict);
      -- 'any' and 'stream_exists' call it directly. p_expected: >= 0 exact version, -1 any, -2 no
      -- stream, -3 stream exists. Raises ESCON (wrong version, DETAIL = actual version) or ESIDC
      -- (some event ids already used). When every id is already stored in this stream it returns
      -- the stored rows with duplicate = true and writes nothing: for an exact or 'no_stream'
      -- expectation that is looked for only after the version check fails (a committed earlier
      -- attempt has always moved the stream on). An event may carry its recordedAt (the writer
      -- evolved its state from it: DeciderRunner); the clock at insert otherwise.
      CREATE FUNCTION es_append(p_stream_id text, p_stream_type text, p_expected bigint, p_events jsonb)
      RETURNS TABLE (global_position bigint, stream_version bigint, duplicate boolean)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_count  integer := jsonb_array_length(p_events);
        v_base   bigint;
        v_actual bigint;
      BEGIN
        IF p_expected IN (-1, -3) THEN
          RETURN QUERY SELECT * FROM es_stored_append(p_stream_id, p_events);
          IF FOUND THEN RETURN; END IF;
        END IF;

        IF p_expected = -1 THEN
          INSERT INTO es_streams AS s (stream_id, stream_type, version) VALUES (p_stream_id, p_stream_type, v_count)
            ON CONFLICT (stream_id) DO UPDATE SET version = s.version + v_count, updated_at = now()
            RETURNING s.version - v_count INTO v_base;
        ELSIF p_expected = 0 OR p_expected = -2 THEN
          INSERT INTO es_streams (stream_id, stream_type, version) VALUES (p_stream_id, p_stream_type, v_count)
            ON CONFLICT (stream_id) DO NOTHING
            RETURNING 0 INTO v_base;
        ELSIF p_expected = -3 THEN
          UPDATE es_streams s SET version = s.version + v_count, updated_at = now()
            WHERE s.stream_id = p_stream_id RETURNING s.version - v_count INTO v_base;
        ELSE
          UPDATE es_streams s SET version = s.version + v_count, updated_at = now()
            WHERE s.stream_id = p_stream_id AND s.version = p_expected RETURNING s.version - v_count INTO v_base;
        END IF;

        IF v_base IS NULL THEN
          RETURN QUERY SELECT * FROM es_stored_append(p_stream_id, p_events);
          IF FOUND THEN RETURN; END IF;
          SELECT s.version INTO v_actual FROM es_streams s WHERE s.stream_id = p_stream_id;
          RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'ESCON', DETAIL = coalesce(v_actual, 0)::text;
        END IF;

        -- An id already stored in another stream fails on es_events_event_id_key (23505).
        RETURN QUERY
          INSERT INTO es_events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, recorded_at)
          SELECT (e->>'eventId')::uuid, p_stream_id, v_base + ord, e->>'type',
                 coalesce((e->>'schemaVersion')::integer, 1), e->'data', coalesce(e->'metadata', '{}'::jsonb),
                 coalesce((e->>'recordedAt')::timestamptz, clock_timestamp())
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, ord)
           ORDER BY ord
          RETURNING es_events.global_position, es_events.stream_version, false;
      END $$;

      -- Durable checkpoints of catch-up subscriptions, in the log's commit-safe order.
      CREATE TABLE es_subscriptions (
        subscription_id text PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT '0',
        global_position bigint NOT NULL DEFAULT 0,
        updated_at      timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    id: 'event-store/002-snapshots',
    sql: `
      -- A stream's state as of one version, encoded by its writer (docs/snapshots.md): a cache of
      -- the fold of the stream's first stream_version events, never history. Only snapshots of
      -- the rules version the reader runs are read; the others are deleted.
      CREATE TABLE es_snapshots (
        stream_id      text NOT NULL,
        rules_version  text NOT NULL,
        stream_version bigint NOT NULL CHECK (stream_version > 0),
        -- recorded_at of the event at stream_version.
        recorded_at    timestamptz NOT NULL,
        state          text NOT NULL,
        written_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stream_id, rules_version, stream_version)
      );
    `,
  },
  {
    // What an event is about: the participant its data names, else the payment
    // (operations/participant-events.ts reads a participant's timeline by it). Without the stream
    // version, so that a participant's entries are deduplicated into one: measured on 80,000
    // events, 0.9 MB against 8.3 MB for (stream, participant, version) and (stream, payment,
    // version), and appends as fast as without it (the two cost 10 to 20 %).
    id: 'event-store/003-event-subject',
    sql: `
      CREATE INDEX es_events_subject ON es_events (stream_id, (coalesce(data->>'participantId', data->>'paymentId')))
        WHERE coalesce(data->>'participantId', data->>'paymentId') IS NOT NULL;
    `,
  },
  {
    // The complement of es_events_subject: the events about the stream as a whole (a contract's
    // registration, amendments, termination, proposals), which an "as recorded at" read of one
    // participant folds with that participant's events (operations/stream-level-events.ts). Few
    // rows (a handful per contract), so appends of participants' facts only evaluate the predicate:
    // measured, 10,000 events appended 100 at a time in 2.03 s with it and 2.07 s without (medians
    // of six alternating rounds).
    id: 'event-store/004-stream-level-events',
    sql: `
      CREATE INDEX es_events_stream_level ON es_events (stream_id, stream_version)
        WHERE coalesce(data->>'participantId', data->>'paymentId') IS NULL;
    `,
  },
  {
    // A stream's projection as it stood at one version (docs/snapshots.md, "The contract summary"): written by the
    // decider runner in the statement or transaction that appends the events after that version
    // (so a version some batch followed always has its row), or by a reader's fold. The value
    // is in the projection's own encoding (the contract summary: deflated JSON, 0.64 KB where its
    // text is 1.6 KB). `projection` names it with the version of the code that computed it:
    // rows of another are not read.
    id: 'event-store/005-stream-projections',
    sql: `
      CREATE TABLE es_stream_projections (
        stream_id      text NOT NULL,
        projection     text NOT NULL,
        stream_version bigint NOT NULL CHECK (stream_version > 0),
        value          bytea NOT NULL,
        PRIMARY KEY (stream_id, projection, stream_version)
      );
    `,
  },
  {
    // The decider runner stores a projection's row only when its value changed (docs/snapshots.md,
    // "The contract summary"); each row it stores names the row it stored before for the stream,
    // when it knows that every batch appended in between left the value unchanged. So a reader
    // can tell "no row because unchanged" (the next row names a row at or below the version
    // asked) from "never written" (null: a fold's row, or the first after a restart or a gap).
    id: 'event-store/006-stream-projections-previous',
    sql: `ALTER TABLE es_stream_projections ADD COLUMN previous_version bigint;`,
  },
];
