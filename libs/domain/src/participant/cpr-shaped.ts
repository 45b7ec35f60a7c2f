import { validateCprNumber } from './cpr.js';

// The one screen for CPR numbers in text that should hold none (§9): free-text fields, ids,
// headers, URLs, messages. A match is DDMMYY-SSSS or DDMMYYSSSS (the dash ASCII or one a pasted
// number may carry, and `%2D` once percent-escapes are decoded), not inside a longer run of digits,
// whose date part is a real day (validateCprNumber, replacement numbers with day + 60 included).
// Digits inside an opaque hex token (a pseudonym `p_` + 32 hex, a SHA-256 digest, a UUID) are not
// a CPR number: they are left alone, so that pseudonyms stay traceable in the logs.

const CANDIDATE = /(?<!\d)\d{6}[-\u2010-\u2015\u2212]?\d{4}(?!\d)/g;
const OPAQUE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}/gi;
const MIGHT_HOLD = /\d{6}|%/;
const PERCENT_ESCAPE = /%([0-7][0-9a-f])/gi;
const MASK = '[masked]';

interface Span {
  start: number;
  end: number;
}

/** The text with ASCII percent-escapes decoded, and where each of its characters came from. */
interface DecodedView {
  text: string;
  /** Offsets in the original text of each decoded character, and of its end; undefined when nothing was decoded. */
  origin?: number[];
}

function decodedView(raw: string): DecodedView {
  if (!raw.includes('%')) return { text: raw };
  let text = '';
  const origin: number[] = [];
  let from = 0;
  for (const match of raw.matchAll(PERCENT_ESCAPE)) {
    for (let i = from; i < match.index; i += 1) {
      text += raw[i];
      origin.push(i);
    }
    text += String.fromCharCode(parseInt(match[1], 16));
    origin.push(match.index);
    from = match.index + match[0].length;
  }
  for (let i = from; i < raw.length; i += 1) {
    text += raw[i];
    origin.push(i);
  }
  origin.push(raw.length);
  return { text, origin };
}

/** Whether ten digits DDMMYYSSSS have a CPR number's date part. */
export function hasCprDatePart(digits: string): boolean {
  if (validateCprNumber(digits).ok) return true;
  const day = Number(digits.slice(0, 2));
  // A replacement number (erstatningspersonnummer) carries the day of month + 60.
  return day > 60 && validateCprNumber(String(day - 60).padStart(2, '0') + digits.slice(2)).ok;
}

/** Where the text holds something CPR-shaped, as offsets in the text itself. */
function cprShapedSpans(raw: string): Span[] {
  if (!MIGHT_HOLD.test(raw)) return [];
  const { text, origin } = decodedView(raw);
  const opaque = [...text.matchAll(OPAQUE)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const spans: Span[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const end = start + match[0].length;
    if (opaque.some((token) => start < token.end && token.start < end)) continue;
    if (!hasCprDatePart(match[0].replace(/\D/g, ''))) continue;
    spans.push(origin === undefined ? { start, end } : { start: origin[start], end: origin[end] });
  }
  return spans;
}

/** True when the text holds a CPR-shaped number (see above): refuse it wherever no CPR number belongs. */
export function containsCprShaped(text: string): boolean {
  return cprShapedSpans(text).length > 0;
}

/** The text with every CPR-shaped number replaced by `[masked]`: the last guard before text leaves the service. */
export function maskCprShaped(text: string): string {
  const spans = cprShapedSpans(text);
  if (spans.length === 0) return text;
  let masked = '';
  let from = 0;
  for (const span of spans) {
    masked += text.slice(from, span.start) + MASK;
    from = span.end;
  }
  return masked + text.slice(from);
}
