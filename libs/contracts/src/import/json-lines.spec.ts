import { JsonLinesSplitter, splitJsonLines } from './json-lines.js';

const texts = (lines: ReturnType<typeof splitJsonLines>) => lines.map((l) => ('bytes' in l ? { line: l.line, text: l.bytes.toString('utf8') } : l));

describe('JSON Lines', () => {
  it('splits on LF and CRLF, skips blank lines but counts them, ignores a byte-order mark', () => {
    expect(texts(splitJsonLines('\ufeff{"a":1}\r\n\r\n  \n{"b":2}\n'))).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
    ]);
    expect(texts(splitJsonLines('{"a":1}'))).toEqual([{ line: 1, text: '{"a":1}' }]);
    expect(splitJsonLines('\n\n')).toEqual([]);
    expect(splitJsonLines('')).toEqual([]);
  });

  it('gives the same lines however the bytes are cut into chunks, inside a character included', () => {
    const body = Buffer.from('{"a":"æøå"}\r\n\n{"b":"Åse"}\n{"c":3}', 'utf8');
    const whole = texts(splitJsonLines(body));
    for (let size = 1; size <= body.length; size += 1) {
      const splitter = new JsonLinesSplitter();
      const lines = [];
      for (let start = 0; start < body.length; start += size) lines.push(...splitter.push(body.subarray(start, start + size)));
      lines.push(...splitter.end());
      expect(texts(lines)).toEqual(whole);
    }
    expect(whole).toEqual([
      { line: 1, text: '{"a":"æøå"}' },
      { line: 3, text: '{"b":"Åse"}' },
      { line: 4, text: '{"c":3}' },
    ]);
  });

  it('reports a line longer than the bound without keeping it, and goes on with the next', () => {
    const splitter = new JsonLinesSplitter(10);
    const lines = [...splitter.push(Buffer.from('{"a":1}\n0123456789')), ...splitter.push(Buffer.from('0123456789\n{"b":2}\n'))];
    expect(texts(lines)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, tooLong: true },
      { line: 3, text: '{"b":2}' },
    ]);
    expect(splitter.currentLine).toBe(4);
  });

  it('passes bytes that are not UTF-8 on as they are, for the line check to refuse', () => {
    const [line] = splitJsonLines(Buffer.from([0x7b, 0xff, 0x7d, 0x0a]));
    expect(line).toEqual({ line: 1, bytes: Buffer.from([0x7b, 0xff, 0x7d]) });
  });
});
