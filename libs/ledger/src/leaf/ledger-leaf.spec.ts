import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalByScan, canonicalJson, isCanonicalJson, parseCanonicalJson } from './canonical-json.js';
import { LEAF_FORMAT, leafHashOf, leafText, parseLeaf } from './ledger-leaf.js';

const leaf = {
  format: LEAF_FORMAT,
  index: 7,
  previous: { index: 3, leafHash: 'ab'.repeat(32) },
  event: {
    eventId: '6c1d2f0e-7d3a-4c55-9a55-0b1b8f3c9e10',
    streamId: 'contract-aalborg-impact60',
    streamVersion: 5,
    globalPosition: '12',
    transactionId: '1042',
    type: 'PlacementStarted',
    schemaVersion: 1,
    data: { participantId: 'p_3f9a', placementId: 'A', employerRef: 'emp-1', kind: 'ordinary', hoursPerWeek: 37.5, startDate: '2019-02-04' },
    metadata: { actor: 'provider:fokus-folkeoplysning', correlationId: 'c-1' },
    recordedAt: '2019-02-04T10:15:00.123456Z',
  },
} as const;

describe('leaf bytes', () => {
  it('are RFC 8785 canonical JSON (its §3.2.4 example: numbers, escapes, member order)', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson({ s: '\ud800' })).toThrow();
    expect(() => canonicalJson({ b: 1n })).toThrow();
  });

  it('sort every member and read back exactly', () => {
    const text = leafText(leaf);
    expect(text.startsWith('{"event":{"data":{"employerRef":"emp-1","hoursPerWeek":37.5,')).toBe(true);
    expect(text).toContain('"format":"outcome-ledger/leaf/v1","index":7,"previous":{"index":3,');
    expect(parseLeaf(text)).toEqual({ leaf });
  });

  it('are refused when not canonical or not a leaf', () => {
    const text = leafText(leaf);
    expect(isCanonicalJson(text.replace('"index":7', '"index":7.0'))).toBe(false);
    for (const bad of [
      text.replace('{"event"', '{"index":8,"event"'),
      ` ${text}`,
      JSON.stringify(leaf),
      text.replace('"globalPosition":"12"', '"globalPosition":12'),
      text.replace('.123456Z', '.123Z'),
      text.replace('outcome-ledger/leaf/v1', 'outcome-ledger/leaf/v2'),
    ]) {
      expect(parseLeaf(bad)).toHaveProperty('problem');
    }
  });
});

describe('the worked example of docs/ledger.md', () => {
  it('has the leaf hash the page gives', () => {
    const example = {
      format: LEAF_FORMAT,
      index: 5,
      previous: { index: 2, leafHash: '3b1f0e9c3c1d4f6a8e2b7c9d0a1e2f3b4c5d6e7f8091a2b3c4d5e6f708192a3b' },
      event: {
        eventId: '0b4c6f3e-2f7a-4d7e-9a8e-5d1c2b3a4f60',
        streamId: 'contract-aalborg-impact60',
        streamVersion: 4,
        globalPosition: '6',
        transactionId: '812',
        type: 'PlacementStarted',
        schemaVersion: 1,
        data: {
          participantId: 'p_3f9a0c2e7b1d4a6f8e0c2b4d6f8a0c2e',
          placementId: 'A',
          employerRef: 'emp-1',
          kind: 'ordinary',
          hoursPerWeek: 20,
          startDate: '2019-02-04',
        },
        metadata: { correlationId: 'c0ffee00-0000-4000-8000-000000000001', actor: 'provider:fokus-folkeoplysning', commandId: 'placement-a' },
        recordedAt: '2019-02-04T10:15:00.123456Z',
      },
    } as const;
    const text = leafText(example);
    expect(text.startsWith('{"event":{"data":{"employerRef":"emp-1","hoursPerWeek":20,')).toBe(true);
    expect(leafHashOf(text).toString('hex')).toBe('f38eba0c054ecf42e0cba7355928aa205582fdf719b73a314b274cec9ae5b6ea');
  });
});

describe('our RFC 8785 serialiser', () => {
  it('writes a leaf member by member exactly as the generic serialiser does', () =>
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.option(fc.nat()), (data, metadata, text, previous) => {
        const sample = {
          ...leaf,
          index: previous,
          previous: previous === null ? null : { index: previous, leafHash: 'cd'.repeat(32) },
          event: { ...leaf.event, data, metadata, type: text, streamId: `s${text}` },
        };
        expect(leafText(sample as never)).toBe(canonicalJson(sample));
      }),
      { numRuns: 1000 },
    ));

  it('writes what the canonicalize package writes, for any JSON value', () =>
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    ));
});

describe('reading canonical JSON', () => {
  // The oracle: a text is canonical when the canonicalize package writes its value back as it is.
  const canonicalByOracle = (text: string): boolean => {
    try {
      return canonicalize(JSON.parse(text)) === text && (text as unknown as { isWellFormed(): boolean }).isWellFormed();
    } catch {
      return false;
    }
  };
  const isJson = (text: string): boolean => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };
  // Texts of one value, spelled in ways that are and are not canonical.
  const spellings = fc.jsonValue().chain((value) =>
    fc.oneof(
      fc.constant(canonicalize(value)!),
      fc.constant(JSON.stringify(value)),
      fc.constant(JSON.stringify(value, null, 1)),
      fc.constant(
        JSON.stringify(value, (_key, v: unknown) =>
          v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        ),
      ),
      fc.nat().map((at) => {
        const text = canonicalize(value)!;
        const cut = at % (text.length + 1);
        return `${text.slice(0, cut)} ${text.slice(cut)}`;
      }),
    ),
  );

  it('tells canonical texts from the others exactly as re-serialising does', () =>
    fc.assert(
      fc.property(fc.oneof(spellings, fc.json(), fc.string()), (text) => {
        expect(parseCanonicalJson(text) !== undefined).toBe(canonicalByOracle(text));
      }),
      { numRuns: 5000 },
    ));

  it('tells it without re-serialising for texts without escapes or fractions, and is never wrong when it does', () => {
    expect(canonicalByScan('{"a":1,"b":[true,false,null,-12,"x y"]}')).toBe(true);
    expect(canonicalByScan('{"b":1,"a":2}')).toBe(false);
    expect(canonicalByScan('{"a":1,"a":1}')).toBe(false);
    expect(canonicalByScan('{"b":1,"1":2}')).toBe(false);
    expect(canonicalByScan('{"1":2,"b":1}')).toBe(true);
    expect(canonicalByScan('[-0]')).toBe(false);
    expect(canonicalByScan('{"a" :1}')).toBe(false);
    expect(canonicalByScan('[1.5]')).toBeUndefined();
    expect(canonicalByScan('["\\n"]')).toBeUndefined();
    expect(canonicalByScan('[12345678901234567890]')).toBeUndefined();
    fc.assert(
      fc.property(fc.oneof(spellings, fc.string()), (text) => {
        const told = canonicalByScan(text);
        if (!isJson(text)) return;
        if (told !== undefined) expect(told).toBe(canonicalByOracle(text));
      }),
      { numRuns: 5000 },
    );
  });
});
