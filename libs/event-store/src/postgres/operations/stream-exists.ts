import type { Queryable } from '#database';

/** Whether the stream has any event in the log (as `db` sees it: inside a transaction, its snapshot). */
export async function streamHasEvents(db: Queryable, streamId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM es_events WHERE stream_id = $1 LIMIT 1', [streamId]);
  return rowCount !== 0;
}
