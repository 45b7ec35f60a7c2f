/** One non-blank line of a JSON Lines body, with its 1-based physical line number. */
export type JsonLine =
  | { line: number; /** The line's bytes, without its line break (and without a byte-order mark on line 1). */ bytes: Buffer }
  | { line: number; /** Longer than the splitter's bound: its bytes were not kept. */ tooLong: true };

/** Far more than any command needs (a fact's data is a few hundred bytes). */
export const MAX_JSON_LINE_BYTES = 64 * 1024;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0c && byte !== 0x0b) return false;
  return true;
}

/**
 * Splits JSON Lines as their bytes arrive, chunk by chunk, into non-blank lines (LF or CRLF; a
 * leading byte-order mark is ignored). Blank lines are skipped but counted, so line numbers match
 * what an editor shows. A line longer than `maxLineBytes` is reported as such and not kept, so
 * memory stays bounded whatever the body holds. Splitting on the byte 0x0A is safe in UTF-8: it
 * never occurs inside a multi-byte character.
 */
export class JsonLinesSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private tooLong = false;
  private lineNumber = 1;

  constructor(private readonly maxLineBytes = MAX_JSON_LINE_BYTES) {}

  /** The number of the line being read. */
  get currentLine(): number {
    return this.lineNumber;
  }

  push(chunk: Buffer): JsonLine[] {
    const lines: JsonLine[] = [];
    let start = 0;
    while (start <= chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === start && this.pendingBytes === 0 && !this.tooLong) {
        // A blank line: counted, nothing else to do (a body of line breaks costs next to nothing).
        this.lineNumber += 1;
        start += 1;
        continue;
      }
      this.take(chunk.subarray(start, newline === -1 ? chunk.length : newline));
      if (newline === -1) break;
      const line = this.finishLine();
      if (line !== undefined) lines.push(line);
      start = newline + 1;
    }
    return lines;
  }

  /** The last line, when the body does not end with a line break. */
  end(): JsonLine[] {
    const line = this.finishLine();
    return line === undefined ? [] : [line];
  }

  private take(part: Buffer): void {
    if (this.tooLong || part.length === 0) return;
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      this.tooLong = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private finishLine(): JsonLine | undefined {
    const line = this.lineNumber;
    this.lineNumber += 1;
    if (this.tooLong) {
      this.tooLong = false;
      return { line, tooLong: true };
    }
    let bytes = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (line === 1 && bytes.subarray(0, 3).equals(BOM)) bytes = bytes.subarray(3);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
    return isBlank(bytes) ? undefined : { line, bytes };
  }
}

/** The lines of a whole JSON Lines text at once (see JsonLinesSplitter). */
export function splitJsonLines(text: string | Buffer, maxLineBytes = MAX_JSON_LINE_BYTES): JsonLine[] {
  const splitter = new JsonLinesSplitter(maxLineBytes);
  return [...splitter.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text), ...splitter.end()];
}
