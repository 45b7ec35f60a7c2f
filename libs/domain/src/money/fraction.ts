/** A rate written `p/q` with integers 0 <= p <= q and q > 0. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

const FRACTION_PATTERN = /^(\d{1,15})\/(\d{1,15})$/;

export function parseFraction(value: unknown): Fraction | undefined {
  if (typeof value !== 'string') return undefined;
  const m = FRACTION_PATTERN.exec(value);
  if (m === null) return undefined;
  const numerator = Number(m[1]);
  const denominator = Number(m[2]);
  if (denominator === 0 || numerator > denominator) return undefined;
  return { numerator, denominator };
}

export function isFraction(value: unknown): value is string {
  return parseFraction(value) !== undefined;
}

export function formatFraction(f: Fraction): string {
  return `${f.numerator}/${f.denominator}`;
}
