const NEWLINE = 0x0a;
const NOTHING = new Uint8Array(0);

/**
 * Blocks of exactly `lines` whole lines each (the last may hold fewer, and may end without a line
 * end), each in bytes of its own so that it can move to another thread.
 */
export async function* lineBatches(blocks: AsyncIterable<Uint8Array>, lines: number): AsyncGenerator<Uint8Array> {
  let pending: Buffer = Buffer.alloc(0);
  // Line ends already counted in `pending` (all of it has been scanned).
  let counted = 0;
  for await (const block of blocks) {
    const scanned = pending.length;
    pending = pending.length === 0 ? Buffer.from(block.buffer, block.byteOffset, block.byteLength) : Buffer.concat([pending, block]);
    let start = 0;
    for (let end = pending.indexOf(NEWLINE, scanned); end >= 0; end = pending.indexOf(NEWLINE, end + 1)) {
      if (++counted < lines) continue;
      yield new Uint8Array(pending.subarray(start, end + 1));
      start = end + 1;
      counted = 0;
    }
    pending = pending.subarray(start);
  }
  if (pending.length > 0) yield new Uint8Array(pending);
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
