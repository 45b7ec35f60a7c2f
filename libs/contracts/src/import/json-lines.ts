/** One non-blank line of a JSON Lines file, with its 1-based physical line number. */
export interface JsonLine {
  line: number;
  text: string;
}

/**
 * Splits a JSON Lines text into its non-blank lines (LF or CRLF; a leading byte-order mark is
 * ignored). Blank lines are skipped but still counted, so line numbers match what an editor shows.
 */
export function splitJsonLines(text: string): JsonLine[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines: JsonLine[] = [];
  let start = 0;
  let line = 1;
  while (start <= body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    const raw = body.slice(start, end);
    const trimmed = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (trimmed.trim() !== '') lines.push({ line, text: trimmed });
    start = end + 1;
    line += 1;
  }
  return lines;
}

/**
 * JSON.parse's own messages quote the text around the error, which may be personal data (a CPR
 * number in a referral line); this answer says only where.
 */
export function parseJsonLine(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return { ok: false, message: position === undefined ? 'The line is not valid JSON.' : `The line is not valid JSON (at character ${Number(position) + 1}).` };
  }
}
