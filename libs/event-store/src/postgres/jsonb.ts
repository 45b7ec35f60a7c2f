/**
 * A value as PostgreSQL's jsonb gives it back: what JSON.stringify keeps (no undefined, Dates as
 * strings, ...) with every object's keys in jsonb's order (shorter keys first, then by their UTF-8
 * bytes). For writers that keep an event they append instead of reading it back.
 */
export function asJsonb<T>(value: T): T {
  const text = JSON.stringify(value);
  return (text === undefined ? undefined : reorder(JSON.parse(text))) as T;
}

function reorder(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reorder(value[i]);
    return value;
  }
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = compareKeys(keys[i - 1], keys[i]) < 0;
  if (sorted) {
    for (const key of keys) source[key] = reorder(source[key]);
    return source;
  }
  keys.sort(compareKeys);
  const target: Record<string, unknown> = {};
  for (const key of keys) target[key] = reorder(source[key]);
  return target;
}

const ASCII = /^[\u0000-\u007f]*$/;

function compareKeys(a: string, b: string): number {
  if (ASCII.test(a) && ASCII.test(b)) {
    if (a.length !== b.length) return a.length - b.length;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ba.length !== bb.length) return ba.length - bb.length;
  return Buffer.compare(ba, bb);
}
