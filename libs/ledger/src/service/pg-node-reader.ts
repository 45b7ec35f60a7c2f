import type { Queryable } from '#database';
import type { NodeReader } from '../merkle/node-reader.js';
import { type Hash, hashChildren } from '../merkle/tree-hash.js';
import type { NodeId } from '../merkle/tree-shape.js';

/**
 * Subtrees below this level are not stored: each is recomputed from its (at most 8) leaves, which
 * saves the sequencer nearly one row per event; a proof still takes one statement.
 */
export const STORED_NODE_LEVEL = 4;

const READ_NODES = `
  SELECT 0::smallint AS level, ledger_index AS node_index, leaf_hash AS hash FROM ledger_leaves WHERE ledger_index = ANY ($1::bigint[])
  UNION ALL
  SELECT n.level, n.node_index, n.hash FROM ledger_nodes n
    JOIN unnest($2::smallint[], $3::bigint[]) AS wanted(level, node_index) USING (level, node_index)`;

/** The ledger's stored subtrees (leaves from ledger_leaves, levels from STORED_NODE_LEVEL up from ledger_nodes), in one statement. */
export class PgNodeReader implements NodeReader {
  constructor(private readonly db: Queryable) {}

  async read(ids: readonly NodeId[]): Promise<Hash[]> {
    if (ids.length === 0) return [];
    const leaves = new Set<number>();
    const stored: NodeId[] = [];
    for (const id of ids) {
      if (id.level >= STORED_NODE_LEVEL) {
        stored.push(id);
        continue;
      }
      const width = 2 ** id.level;
      for (let i = id.index * width; i < (id.index + 1) * width; i++) leaves.add(i);
    }
    const { rows } = await this.db.query<{ level: number; node_index: string; hash: Buffer }>({
      name: 'ledger_read_nodes',
      text: READ_NODES,
      values: [[...leaves], stored.map((id) => id.level), stored.map((id) => id.index)],
    });
    const found = new Map(rows.map((row) => [`${row.level}:${row.node_index}`, row.hash] as const));
    const hashOf = (level: number, index: number): Hash => {
      const known = found.get(`${level}:${index}`);
      if (known !== undefined) return known;
      if (level === 0 || level >= STORED_NODE_LEVEL) throw new Error(`ledger node ${level}:${index} is not stored`);
      return hashChildren(hashOf(level - 1, 2 * index), hashOf(level - 1, 2 * index + 1));
    };
    return ids.map((id) => hashOf(id.level, id.index));
  }
}
