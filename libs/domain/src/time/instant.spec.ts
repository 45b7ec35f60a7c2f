import fc from 'fast-check';
import { compareInstants, instantOf, parseInstant } from './instant.js';

describe('parseInstant: an ISO-8601 instant, in the event store’s form', () => {
  it.each([
    ['2019-08-10T12:00:00Z', '2019-08-10T12:00:00.000000Z'],
    ['2019-08-10T12:00Z', '2019-08-10T12:00:00.000000Z'],
    ['2019-08-10t12:00:00z', '2019-08-10T12:00:00.000000Z'],
    ['2019-08-10T12:00:00.5Z', '2019-08-10T12:00:00.500000Z'],
    ['2019-08-10T12:00:00.123456Z', '2019-08-10T12:00:00.123456Z'],
    // Finer than microseconds is cut, not rounded (events are recorded to the microsecond).
    ['2019-08-10T12:00:00.123456999Z', '2019-08-10T12:00:00.123456Z'],
    ['2019-08-10T14:00:00+02:00', '2019-08-10T12:00:00.000000Z'],
    ['2019-08-10T14:00:00+0200', '2019-08-10T12:00:00.000000Z'],
    ['2019-08-10T01:30:00.25+02:00', '2019-08-09T23:30:00.250000Z'],
    ['2019-12-31T20:00:00-05:00', '2020-01-01T01:00:00.000000Z'],
    // An unencoded `+` in a query string arrives as a space.
    ['2019-08-10T14:00:00 02:00', '2019-08-10T12:00:00.000000Z'],
    ['2020-02-29T00:00:00Z', '2020-02-29T00:00:00.000000Z'],
  ])('%s -> %s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each([
    'yesterday',
    '',
    '2019-08-10',
    '2019-08-10T12:00:00',
    '2019-08-10 12:00:00Z',
    '2019-02-29T00:00:00Z',
    '2019-13-01T00:00:00Z',
    '2019-08-10T24:00:00Z',
    '2019-08-10T12:60:00Z',
    '2019-08-10T12:00:60Z',
    '2019-08-10T12:00:00+24:00',
    '2019-08-10T12:00:00+02:60',
    '19-08-10T12:00:00Z',
    '2019-08-10T12:00:00.Z',
    '2019-08-10T12:00:00Z ',
    '0001-01-01T00:00:00+01:00',
  ])('refuses %j', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });

  it('instantOf gives a Date the same form', () => {
    expect(instantOf(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678000Z');
  });
});

describe('compareInstants: instants as values', () => {
  it('orders instants by when they are, whatever their offsets and fractions', () => {
    expect(compareInstants('2019-08-10T14:00:00+02:00', '2019-08-10T12:00:00Z')).toBe(0);
    expect(compareInstants('2019-08-10T12:00:00.000001Z', '2019-08-10T12:00:00Z')).toBeGreaterThan(0);
    expect(compareInstants('2019-08-10T13:59:59+02:00', '2019-08-10T12:00:00Z')).toBeLessThan(0);
    expect(compareInstants('9999-12-31T23:59:59Z', '2026-01-01T00:00:00.000000Z')).toBeGreaterThan(0);
    expect(() => compareInstants('yesterday', '2026-01-01T00:00:00Z')).toThrow(RangeError);
    const MIN = Date.parse('0001-01-02T00:00:00Z');
    const MAX = Date.parse('9999-12-30T00:00:00Z');
    const instant = fc.record({
      ms: fc.integer({ min: MIN, max: MAX }),
      micros: fc.integer({ min: 0, max: 999 }),
      offsetMinutes: fc.integer({ min: -23 * 60, max: 23 * 60 }),
    });
    const text = ({ ms, micros, offsetMinutes }: { ms: number; micros: number; offsetMinutes: number }) => {
      // The same instant written in local time at the offset.
      const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
      const abs = Math.abs(offsetMinutes);
      const zone = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      return `${local}${String(micros).padStart(3, '0')}${zone}`;
    };
    const micros = ({ ms, micros }: { ms: number; micros: number }) => BigInt(ms) * 1000n + BigInt(micros);
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const expected = micros(a) < micros(b) ? -1 : micros(a) > micros(b) ? 1 : 0;
        expect(compareInstants(text(a), text(b))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
