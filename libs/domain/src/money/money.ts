/**
 * Money is an integer number of minor units (øre for DKK). `number` is exact below 2^53; products
 * and quotients that could pass that go through BigInt, never through floating-point division.
 */
export type MinorUnits = number;

export function isMinorUnits(value: unknown): value is MinorUnits {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** round(amount * numerator / denominator), halves rounded up (away from zero for negatives). */
export function mulDivHalfUp(amount: MinorUnits, numerator: number, denominator: number): MinorUnits {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError('mulDivHalfUp needs safe integers and a positive denominator');
  }
  const product = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude * 2n + d) / (d * 2n);
  const result = Number(negative ? -rounded : rounded);
  return result === 0 ? 0 : result;
}

/** Negation that never yields -0 (which JSON would print as 0 but Object.is would not equal). */
export function negate(amount: MinorUnits): MinorUnits {
  return amount === 0 ? 0 : -amount;
}
