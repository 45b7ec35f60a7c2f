/**
 * RFC 8785 (JCS) text of a JSON value: object members sorted by their UTF-16 code units, no
 * whitespace, numbers and strings as ECMAScript's JSON.stringify writes them (which is what
 * RFC 8785 §3.2.2 prescribes). Refuses what JSON cannot carry exactly: NaN, infinities, lone
 * surrogates, bigints (give them as decimal strings), and anything that is not plain data.
 * Members whose value is undefined are left out, as JSON.stringify leaves them out.
 *
 * Written here rather than taken from the `canonicalize` package (which the tests check it
 * against): the offline verifier re-serialises every leaf, and this costs half as much.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return stringText(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('a number is not finite');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (value[i] === undefined) throw new TypeError('an array holds undefined');
          if (i > 0) out += ',';
          out += canonicalJson(value[i]);
        }
        return out + ']';
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) throw new TypeError('only plain objects have a JSON form');
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const member = record[keys[i]];
        if (member === undefined) continue;
        if (out.length > 1) out += ',';
        out += stringText(keys[i]);
        out += ':';
        out += canonicalJson(member);
      }
      return out + '}';
    }
    default:
      throw new TypeError(`a ${typeof value} has no JSON form`);
  }
}

function stringText(value: string): string {
  if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) throw new TypeError('a string holds a lone surrogate');
  return JSON.stringify(value);
}

/** True when `text` is exactly the canonical form of the JSON it holds (no duplicate members, no other spelling). */
export function isCanonicalJson(text: string): boolean {
  return parseCanonicalJson(text) !== undefined;
}

/** The value of a canonical JSON text; undefined when the text is not JSON or not in canonical form. */
export function parseCanonicalJson(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Quick path: JSON.stringify keeps the members in the order the text had them, so when it gives
  // the text back and every object's members are sorted, the text is canonical. Otherwise (e.g.
  // integer-like member names, which JavaScript reorders) the full serialiser decides.
  if (JSON.stringify(value) === text && sortedAndWellFormed(value)) return { value };
  try {
    return canonicalJson(value) === text ? { value } : undefined;
  } catch {
    return undefined;
  }
}

function sortedAndWellFormed(value: unknown): boolean {
  if (typeof value === 'string') return (value as unknown as { isWellFormed(): boolean }).isWellFormed();
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(sortedAndWellFormed);
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if ((i > 0 && !(keys[i - 1] < keys[i])) || !sortedAndWellFormed(keys[i]) || !sortedAndWellFormed((value as Record<string, unknown>)[keys[i]])) return false;
  }
  return true;
}
