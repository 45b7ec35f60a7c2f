import type { Queryable } from '#database';
import type { AppendResult, PostgresEventStore, StreamAppend } from '#event-store';

/**
 * appendToStream on `client`, inside a transaction the test holds open (to show what readers see
 * meanwhile): the adapter offers that only to the PostgreSQL machinery, as appendStoredWith.
 */
export async function appendWithin(store: PostgresEventStore, client: Queryable, append: StreamAppend): Promise<AppendResult> {
  return (await store.appendStoredWith(client, append)).result;
}
