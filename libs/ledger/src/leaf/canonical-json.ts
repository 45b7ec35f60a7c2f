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
      const prototype: unknown = Object.getPrototypeOf(value);
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
  if (!(text as unknown as { isWellFormed(): boolean }).isWellFormed()) return undefined;
  const told = canonicalByScan(text);
  if (told !== undefined) return told ? { value } : undefined;
  try {
    return canonicalJson(value) === text ? { value } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a well-formed text that JSON.parse accepted is canonical, told from the characters
 * between its strings alone; undefined (re-serialise to tell) when it has an escape or a number
 * other than a safe integer. Without a backslash, every string holds its characters literally, and
 * that is how RFC 8785 writes every character JSON can hold raw. So the text is canonical exactly
 * when nothing lies between tokens, every number is written as ECMAScript writes it, and every
 * object's member names rise strictly, compared by UTF-16 code units as JavaScript compares
 * strings (strictly: no name twice). Given another text it still ends, with no answer or a wrong
 * one. The verifier reads every leaf this way: a re-serialisation costs four times as much.
 */
export function canonicalByScan(text: string): boolean | undefined {
  if (text.includes('\\')) return undefined;
  // Per open container, where the member name last seen starts and ends: NONE before the first, IN_ARRAY in an array.
  const nameStart: number[] = [];
  const nameEnd: number[] = [];
  let depth = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x7b: // {
      case 0x5b: // [
        nameStart[depth] = c === 0x7b ? NONE : IN_ARRAY;
        nameEnd[depth++] = 0;
        i++;
        break;
      case 0x7d: // }
      case 0x5d: // ]
        depth--;
        i++;
        break;
      case 0x2c: // ,
      case 0x3a: // :
        i++;
        break;
      case 0x22: {
        const end = text.indexOf('"', i + 1);
        if (end < 0) return undefined;
        if (text.charCodeAt(end + 1) === 0x3a && depth > 0) {
          const start = nameStart[depth - 1];
          if (start === IN_ARRAY) return undefined;
          if (start !== NONE && !rangeBefore(text, start, nameEnd[depth - 1], i + 1, end)) return false;
          nameStart[depth - 1] = i + 1;
          nameEnd[depth - 1] = end;
        }
        i = end + 1;
        break;
      }
      case 0x74: // true
      case 0x6e: // null
        i += 4;
        break;
      case 0x66: // false
        i += 5;
        break;
      case 0x20:
      case 0x09:
      case 0x0a:
      case 0x0d:
        return false;
      default: {
        // A number (JSON.parse took the text): digits after an optional minus, no leading zero.
        const digits = c === 0x2d ? i + 1 : i;
        let j = digits;
        for (let d = text.charCodeAt(j); d >= 0x30 && d <= 0x39; d = text.charCodeAt(++j));
        const after = text.charCodeAt(j);
        if (j === digits || after === 0x2e || after === 0x65 || after === 0x45 || j - i > 16) return undefined;
        if (j - i === 2 && c === 0x2d && text.charCodeAt(i + 1) === 0x30) return false; // -0
        if (j - i === 16 && !Number.isSafeInteger(Number(text.slice(i, j)))) return undefined;
        i = j;
      }
    }
  }
  return true;
}

const NONE = -1;
const IN_ARRAY = -2;

/** Whether text[a, aEnd) comes strictly before text[b, bEnd), by UTF-16 code units. */
function rangeBefore(text: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  const length = Math.min(aEnd - a, bEnd - b);
  for (let k = 0; k < length; k++) {
    const x = text.charCodeAt(a + k);
    const y = text.charCodeAt(b + k);
    if (x !== y) return x < y;
  }
  return aEnd - a < bEnd - b;
}
