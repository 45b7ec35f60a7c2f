/**
 * One copy of each repeated short value a contract's state keeps (days, weeks, sources, outcome
 * codes, kinds): each event is parsed on its own, so without this every fact kept its own copy of
 * "2019-W20" or "DREAM" (docs/snapshots.md "Memory"). For values from small sets only: the pool is
 * emptied when it reaches its bound, which costs the sharing of what was in it, never a value.
 */
const MOST_STRINGS = 1 << 16;
const pool = new Map<string, string>();

export function sharedString<T extends string | null | undefined>(value: T): T {
  if (typeof value !== 'string') return value;
  const found = pool.get(value);
  if (found !== undefined) return found as T;
  if (pool.size >= MOST_STRINGS) pool.clear();
  pool.set(value, value);
  return value;
}
