import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { type ContractEventType, DERIVED_EVENT_TYPES } from '#domain';
import { PostgresEventStore } from '#event-store';
import { EXPORT_FILES, type LeafEvent, parseCheckpointText, parseNote } from '#ledger';
import { LedgerSequencer } from '#ledger/service/index.js';

/** What the attacker changes, and the ledger indices a verifier must name for it. */
export interface Tampering {
  kind: TamperKind;
  description: string;
  expectedIndices: number[];
}

export const TAMPER_KINDS = ['edit-data', 'edit-metadata', 'delete', 'delete-with-ledger', 'insert', 'swap', 'amount-rebuilt', 'truncate-tail'] as const;
export type TamperKind = (typeof TAMPER_KINDS)[number];

interface StreamEvent {
  event_id: string;
  stream_version: number;
  event_type: string;
  ledger_index: number;
}

/** A small seeded generator (mulberry32), so that a run can be repeated exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One change made directly in PostgreSQL as a superuser with the append-only triggers disabled,
 * inside the caller's transaction (which the caller rolls back). Only events covered by the
 * latest checkpoint are touched.
 */
export async function tamper(client: pg.PoolClient, streamId: string, kind: TamperKind, random: () => number): Promise<Tampering> {
  await client.query('ALTER TABLE es_events DISABLE TRIGGER USER');
  await client.query('ALTER TABLE ledger_leaves DISABLE TRIGGER USER');
  await client.query('ALTER TABLE ledger_nodes DISABLE TRIGGER USER');
  const { rows } = await client.query<StreamEvent>(
    `SELECT e.event_id, e.stream_version::int AS stream_version, e.event_type, l.ledger_index::int AS ledger_index
       FROM es_events e JOIN ledger_leaves l USING (event_id)
      WHERE e.stream_id = $1 AND l.ledger_index < (SELECT max(tree_size) FROM ledger_checkpoints)
      ORDER BY e.stream_version`,
    [streamId],
  );
  const pick = (from = rows): StreamEvent => from[Math.floor(random() * from.length)];
  switch (kind) {
    case 'edit-data': {
      const target = pick();
      const keys = (
        await client.query<{ key: string }>('SELECT jsonb_object_keys(data) AS key FROM es_events WHERE event_id = $1', [target.event_id])
      ).rows.map((r) => r.key);
      const key = keys[Math.floor(random() * keys.length)];
      await client.query(`UPDATE es_events SET data = jsonb_set(data, ARRAY[$2], to_jsonb('tampered'::text)) WHERE event_id = $1`, [target.event_id, key]);
      return { kind, description: `${target.event_type}.${key} at index ${target.ledger_index} changed`, expectedIndices: [target.ledger_index] };
    }
    case 'edit-metadata': {
      const target = pick();
      await client.query(`UPDATE es_events SET metadata = metadata || '{"actor":"provider:someone-else"}' WHERE event_id = $1`, [target.event_id]);
      return { kind, description: `metadata at index ${target.ledger_index} changed`, expectedIndices: [target.ledger_index] };
    }
    case 'delete':
    case 'delete-with-ledger': {
      const target = pick();
      await client.query('DELETE FROM es_events WHERE event_id = $1', [target.event_id]);
      if (kind === 'delete-with-ledger') await client.query('DELETE FROM ledger_leaves WHERE event_id = $1', [target.event_id]);
      return { kind, description: `${target.event_type} at index ${target.ledger_index} removed`, expectedIndices: [target.ledger_index] };
    }
    case 'insert': {
      const target = pick(rows.slice(1));
      await client.query('UPDATE es_events SET stream_version = stream_version + 1000000 WHERE stream_id = $1 AND stream_version >= $2', [
        streamId,
        target.stream_version,
      ]);
      await client.query('UPDATE es_events SET stream_version = stream_version - 999999 WHERE stream_id = $1 AND stream_version > 1000000', [streamId]);
      await client.query(
        `INSERT INTO es_events (event_id, transaction_id, stream_id, stream_version, event_type, schema_version, data, metadata, recorded_at)
         SELECT gen_random_uuid(), transaction_id, stream_id, $2, event_type, schema_version, data, metadata, recorded_at FROM es_events WHERE event_id = $1`,
        [target.event_id, target.stream_version],
      );
      return { kind, description: `a copy of the ${target.event_type} inserted before index ${target.ledger_index}`, expectedIndices: [target.ledger_index] };
    }
    case 'swap': {
      const a = pick();
      const different = rows.filter((r) => r.event_type !== a.event_type);
      const b = pick(different.length > 0 ? different : rows.filter((r) => r !== a));
      await client.query(
        `UPDATE es_events e SET event_type = o.event_type, data = o.data, metadata = o.metadata
           FROM es_events o WHERE (e.event_id, o.event_id) IN (($1::uuid, $2::uuid), ($2::uuid, $1::uuid))`,
        [a.event_id, b.event_id],
      );
      return { kind, description: `indices ${a.ledger_index} and ${b.ledger_index} swapped`, expectedIndices: [a.ledger_index, b.ledger_index] };
    }
    case 'amount-rebuilt': {
      const verified = rows.filter((r) => r.event_type === 'OutcomeVerified' || r.event_type === 'OutcomeReversed' || r.event_type === 'PaymentConfirmed');
      const target = pick(verified);
      await client.query(`UPDATE es_events SET data = jsonb_set(data, '{amount}', to_jsonb((data->>'amount')::bigint + 100000)) WHERE event_id = $1`, [
        target.event_id,
      ]);
      await rebuildLedger(client);
      return { kind, description: `the amount at index ${target.ledger_index} raised by 1,000 kr, the ledger rebuilt`, expectedIndices: [target.ledger_index] };
    }
    case 'truncate-tail': {
      const count = 1 + Math.floor(random() * 3);
      const tail = rows.slice(-count);
      await client.query('DELETE FROM es_events WHERE event_id = ANY ($1::uuid[])', [tail.map((r) => r.event_id)]);
      return { kind, description: `the stream's last ${count} events removed`, expectedIndices: tail.map((r) => r.ledger_index) };
    }
  }
}

/** What an attacker with the database and the code, but not the key, can do: sequence the changed log again from scratch. */
async function rebuildLedger(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ tree_size: string }>('SELECT tree_size FROM ledger_state');
  await client.query('DELETE FROM ledger_leaves');
  await client.query('DELETE FROM ledger_nodes');
  await client.query('DELETE FROM ledger_stream_tails');
  await client.query(`UPDATE ledger_state SET tree_size = 0, edge = '{}'`);
  const events = await new PostgresEventStore(client as unknown as pg.Pool).readAllWith(client, { limit: Number(rows[0].tree_size) });
  await new LedgerSequencer().handle(events, client);
  await client.query('DELETE FROM ledger_checkpoint_heads');
  await client.query('INSERT INTO ledger_checkpoint_heads SELECT stream_id, ledger_index, leaf_hash, leaves FROM ledger_stream_tails');
}

/**
 * A change to the files of an export already written (the database is left alone), and what the
 * verifier, with the service's key pinned, must make of it: refuse it, or read past it and say so
 * (nothing hashed or signed changes: docs/ledger.md §5).
 */
export interface ExportAttack {
  description: string;
  verdict: 'refused' | 'tolerated';
  /** What the report must print about it: the failure, or what was read past. */
  says: string;
  apply(dir: string): Promise<void>;
}

const fileLines = async (dir: string, file: string): Promise<string[]> => (await readFile(join(dir, file), 'utf8')).split('\n').filter((line) => line !== '');
const writeLines = (dir: string, file: string, lines: readonly string[]): Promise<void> =>
  writeFile(join(dir, file), lines.map((line) => `${line}\n`).join(''));
/** An attacker edits the JSON as they like (hence `any`). */
async function editJson(dir: string, file: string, edit: (value: any) => void): Promise<void> {
  const value = JSON.parse(await readFile(join(dir, file), 'utf8'));
  edit(value);
  await writeFile(join(dir, file), JSON.stringify(value, null, 1));
}

async function checkpointRootHex(dir: string): Promise<string> {
  const note = parseNote(await readFile(join(dir, EXPORT_FILES.checkpoint), 'utf8'));
  const parsed = 'problem' in note ? note : parseCheckpointText(note.text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.checkpoint.rootHash.toString('hex');
}

export const EXPORT_ATTACKS: readonly ExportAttack[] = [
  {
    description: 'every event and ledger record removed, head null, the checkpoint’s root the only proof hash (an empty history)',
    verdict: 'refused',
    says: 'the export holds no event of the contract and no signed head',
    apply: async (dir) => {
      const root = await checkpointRootHex(dir);
      await writeLines(dir, EXPORT_FILES.events, []);
      await writeLines(dir, EXPORT_FILES.ledger, []);
      await editJson(dir, EXPORT_FILES.proof, (proof) => Object.assign(proof, { hashes: [root], head: null, headProof: null }));
      await editJson(dir, EXPORT_FILES.manifest, (manifest) => Object.assign(manifest, { events: 0 }));
    },
  },
  {
    description: 'manifest.events lowered by one',
    verdict: 'refused',
    says: 'events, events.jsonl holds',
    apply: (dir) => editJson(dir, EXPORT_FILES.manifest, (manifest) => void (manifest.events -= 1)),
  },
  {
    description: 'manifest.treeSize lowered by one',
    verdict: 'refused',
    says: 'the manifest says tree size',
    apply: (dir) => editJson(dir, EXPORT_FILES.manifest, (manifest) => void (manifest.treeSize -= 1)),
  },
  {
    description: 'manifest.contractId another contract’s',
    verdict: 'refused',
    says: 'is not the stream of contract aalborg-impact60-b',
    apply: (dir) => editJson(dir, EXPORT_FILES.manifest, (manifest) => void (manifest.contractId = 'aalborg-impact60-b')),
  },
  {
    description: 'manifest.exportedAt not an instant',
    verdict: 'refused',
    says: 'the manifest is not a outcome-ledger/audit-export/v1 manifest',
    apply: (dir) => editJson(dir, EXPORT_FILES.manifest, (manifest) => void (manifest.exportedAt = 'yesterday')),
  },
  {
    description: 'an extra member in the manifest',
    verdict: 'refused',
    says: 'the manifest is not a outcome-ledger/audit-export/v1 manifest',
    apply: (dir) => editJson(dir, EXPORT_FILES.manifest, (manifest) => void (manifest.auditedBy = 'the service')),
  },
  {
    description: 'an extra member in the proof’s head',
    verdict: 'refused',
    says: 'the proof file does not have the layout of a slice proof',
    apply: (dir) => editJson(dir, EXPORT_FILES.proof, (proof) => void (proof.head.signedOn = '2019-12-31')),
  },
  {
    description: 'an extra member in a ledger record',
    verdict: 'refused',
    says: 'ledger record 1 does not have the layout of a ledger record',
    apply: async (dir) => {
      const lines = await fileLines(dir, EXPORT_FILES.ledger);
      lines[0] = lines[0].replace(/}$/, ',"note":"checked"}');
      await writeLines(dir, EXPORT_FILES.ledger, lines);
    },
  },
  {
    description: 'a blank line in events.jsonl and in ledger.jsonl',
    verdict: 'tolerated',
    says: 'ledger.jsonl: 1 blank line skipped\n  events.jsonl: 1 blank line skipped',
    apply: async (dir) => {
      for (const file of [EXPORT_FILES.events, EXPORT_FILES.ledger]) {
        const lines = await fileLines(dir, file);
        await writeLines(dir, file, [...lines.slice(0, 3), '', ...lines.slice(3)]);
      }
    },
  },
  {
    description: 'ledger.jsonl in reverse order',
    verdict: 'tolerated',
    says: 'ledger.jsonl: lines not in ledger order',
    apply: async (dir) => writeLines(dir, EXPORT_FILES.ledger, (await fileLines(dir, EXPORT_FILES.ledger)).reverse()),
  },
  {
    description: 'events.jsonl in reverse order',
    verdict: 'tolerated',
    says: 'events.jsonl: lines not in ledger order',
    apply: async (dir) => writeLines(dir, EXPORT_FILES.events, (await fileLines(dir, EXPORT_FILES.events)).reverse()),
  },
];

/**
 * A forgery by someone who rewrites the contract's events and re-signs the whole export with a
 * key of their own (libs/ledger/src/testing/re-signed-export.ts). `consistent`: every check but the
 * pinned key passes on it, so only the key tells it from the service's export.
 */
export interface Forgery {
  description: string;
  consistent: boolean;
  change(events: LeafEvent[]): LeafEvent[];
}

export const FORGERIES: readonly Forgery[] = [
  {
    description: 'a payment confirmation’s reference rewritten',
    consistent: true,
    change: (events) => events.map((e) => (e.type === 'PaymentConfirmed' ? { ...e, data: { ...(e.data as object), reference: 'forged-account-0001' } } : e)),
  },
  {
    description: 'the last 10 events dropped (and the events derived from the fact before them)',
    consistent: true,
    change: (events) => {
      let keep = events.length - 10;
      while (keep > 0 && DERIVED_EVENT_TYPES.has(events[keep].type as ContractEventType)) keep--;
      return events.slice(0, keep);
    },
  },
  {
    description: 'a placement re-dated 2018, before the contract was registered',
    consistent: false,
    change: (events) => {
      const at = events.findIndex((e) => e.type === 'PlacementStarted');
      return events.map((e, i) => (i === at ? { ...e, recordedAt: '2018-06-01T09:00:00.000000Z' } : e));
    },
  },
];
