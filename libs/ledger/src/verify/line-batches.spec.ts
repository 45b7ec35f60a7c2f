import fc from 'fast-check';
import { lineBatches, pairedBatches } from './line-batches.js';

async function* blocksOf(bytes: Buffer, cuts: number[]): AsyncIterable<Uint8Array> {
  let start = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const text = fc
  .array(fc.stringMatching(/^[a-z{}":,0-9]{0,12}$/), { maxLength: 40 })
  .chain((lines) => fc.boolean().map((ended) => (lines.length === 0 ? '' : `${lines.join('\n')}${ended ? '\n' : ''}`)));

describe('batches of lines', () => {
  it('hold exactly so many lines each, whatever the blocks, and nothing is lost, added or reordered', () =>
    fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 7 }), async (content, cuts, lines) => {
        const batches = (await all(lineBatches(blocksOf(Buffer.from(content), cuts), lines))).map((b) => Buffer.from(b).toString());
        expect(batches.join('')).toBe(content);
        batches.forEach((batch, i) => {
          const ends = batch.split('\n').length - 1;
          if (i < batches.length - 1) expect(ends).toBe(lines);
          else expect(ends === lines || (ends < lines && batch.length > 0)).toBe(true);
        });
      }),
      { numRuns: 500 },
    ));

  it('put line k of one file beside line k of the other, and an empty side where one file is shorter', async () => {
    const pairs = await all(pairedBatches(blocksOf(Buffer.from('a\nb\nc\n'), [3]), blocksOf(Buffer.from('1\n2\n'), []), 2));
    expect(pairs.map(({ events, ledger }) => [Buffer.from(events).toString(), Buffer.from(ledger).toString()])).toEqual([
      ['a\nb\n', '1\n2\n'],
      ['c\n', ''],
    ]);
  });
});
