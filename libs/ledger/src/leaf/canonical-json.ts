import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) text of a JSON value: object members sorted by their UTF-16 code units, no
 * whitespace, numbers and strings as ECMAScript serialises them. Refuses what JSON cannot carry
 * exactly (NaN, infinities, lone surrogates, cycles) and bigints (give them as decimal strings).
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('the value has no JSON form');
  return text;
}

/** True when `text` is exactly the canonical form of the JSON it holds (no duplicate members, no other spelling). */
export function isCanonicalJson(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}
