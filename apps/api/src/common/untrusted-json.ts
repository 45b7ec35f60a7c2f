import { childPath, reportedPath } from './field-path.js';

// The one reading of JSON a caller sent, for a request body and for each line of an import:
// UTF-8 only, at most MAX_JSON_DEPTH levels deep (counted before anything recursive touches the
// value), and no string or key that PostgreSQL's jsonb cannot store. Every refusal says where,
// as a field path (see field-path.ts), and quotes nothing.

/** Objects and arrays inside each other, the outermost included. The deepest body, an amendment's definition, needs 6. */
export const MAX_JSON_DEPTH = 32;

export type JsonProblemCode = 'invalid-encoding' | 'invalid-json' | 'invalid-text';

export type JsonReading = { ok: true; value: unknown } | { ok: false; error: JsonProblemCode; message: string; /** '' for the text as a whole */ path: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
// jsonb refuses U+0000 and UTF-16 surrogates that are not part of a pair.
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL can store: no U+0000, no lone surrogate. */
export function isStorableText(text: string): boolean {
  return !MAYBE_UNSTORABLE.test(text) || !UNSTORABLE.test(text);
}

/** The bytes as UTF-8 text, or undefined when they are not UTF-8. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Reads untrusted JSON text. `whole` names the text in messages ("The request body", "The line").
 */
export function readUntrustedJson(text: string, whole: string): JsonReading {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    return { ok: false, error: 'invalid-json', path: '', message: `${whole} nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the text around the error: say only where.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const at = position === undefined ? '' : ` (at character ${Number(position) + 1})`;
    return { ok: false, error: 'invalid-json', path: '', message: `${whole} is not valid JSON${at}.` };
  }
  const found = unstorableTextAt(value, '');
  if (found !== undefined) {
    const unstorable = reportedPath(found);
    return {
      ok: false,
      error: 'invalid-text',
      path: unstorable,
      message: `${unstorable === '' ? whole : unstorable} holds a character that cannot be stored (U+0000, or half of a UTF-16 surrogate pair).`,
    };
  }
  return { ok: true, value };
}

/** Reads untrusted JSON bytes: UTF-8 first, then as readUntrustedJson. */
export function readUntrustedJsonBytes(bytes: Uint8Array, whole: string): JsonReading {
  const text = decodeUtf8(bytes);
  if (text === undefined) return { ok: false, error: 'invalid-encoding', path: '', message: `${whole} must be UTF-8 text.` };
  return readUntrustedJson(text, whole);
}

/** One pass over the text, outside strings: whether brackets open deeper than `limit`. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}

/** The path of the first string or key that cannot be stored, if any (depth already bounded). */
function unstorableTextAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = unstorableTextAt(value[i], childPath(path, i));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      if (!isStorableText(key)) return path;
      const found = unstorableTextAt(member, childPath(path, key));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
