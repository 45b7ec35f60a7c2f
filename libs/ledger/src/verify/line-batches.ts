const NEWLINE = 0x0a;
const NOTHING = new Uint8Array(0);

/**
 * Blocks of exactly `lines` whole lines each (the last may hold fewer, and may end without a line
 * end), each in bytes of its own so that it can move to another thread.
 */
export async function* lineBatches(blocks: AsyncIterable<Uint8Array>, lines: number): AsyncGenerator<Uint8Array> {
  // The batch so far: parts of blocks, copied once, into the batch's own bytes, when it is full.
  let parts: Uint8Array[] = [];
  let counted = 0;
  for await (const block of blocks) {
    const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, end + 1)) {
      if (++counted < lines) continue;
      parts.push(bytes.subarray(start, end + 1));
      yield joined(parts);
      parts = [];
      start = end + 1;
      counted = 0;
    }
    if (start < bytes.length) parts.push(bytes.subarray(start));
  }
  if (parts.length > 0) yield joined(parts);
}

function joined(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The two files of an export side by side, `lines` lines of each at a time: line k of the events
 * beside line k of the ledger records. When one file has more lines, the other side is empty.
 */
export async function* pairedBatches(
  events: AsyncIterable<Uint8Array>,
  ledger: AsyncIterable<Uint8Array>,
  lines: number,
): AsyncGenerator<{ events: Uint8Array; ledger: Uint8Array }> {
  const left = lineBatches(events, lines);
  const right = lineBatches(ledger, lines);
  try {
    for (;;) {
      const [a, b] = await Promise.all([left.next(), right.next()]);
      if (a.done && b.done) return;
      yield { events: a.done ? NOTHING : a.value, ledger: b.done ? NOTHING : b.value };
    }
  } finally {
    await Promise.all([left.return(undefined), right.return(undefined)]);
  }
}
