import type { Queryable } from '../../../database/src/index.js';
import type { NodeReader } from '../merkle/node-reader.js';
import type { Hash } from '../merkle/tree-hash.js';
import type { NodeId } from '../merkle/tree-shape.js';

const READ_NODES = `
  SELECT 0::smallint AS level, ledger_index AS node_index, leaf_hash AS hash FROM ledger_leaves WHERE ledger_index = ANY ($1::bigint[])
  UNION ALL
  SELECT n.level, n.node_index, n.hash FROM ledger_nodes n
    JOIN unnest($2::smallint[], $3::bigint[]) AS wanted(level, node_index) USING (level, node_index)`;

/** The ledger's stored subtrees (leaves from ledger_leaves, the rest from ledger_nodes), in one statement per proof. */
export class PgNodeReader implements NodeReader {
  constructor(private readonly db: Queryable) {}

  async read(ids: readonly NodeId[]): Promise<Hash[]> {
    if (ids.length === 0) return [];
    const leaves = ids.filter((id) => id.level === 0).map((id) => id.index);
    const inner = ids.filter((id) => id.level > 0);
    const { rows } = await this.db.query<{ level: number; node_index: string; hash: Buffer }>({
      name: 'ledger_read_nodes',
      text: READ_NODES,
      values: [leaves, inner.map((id) => id.level), inner.map((id) => id.index)],
    });
    const found = new Map(rows.map((row) => [`${row.level}:${row.node_index}`, row.hash] as const));
    return ids.map((id) => {
      const hash = found.get(`${id.level}:${id.index}`);
      if (hash === undefined) throw new Error(`ledger node ${id.level}:${id.index} is not stored`);
      return hash;
    });
  }
}
