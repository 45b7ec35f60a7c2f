/** Shares, means and survival estimates are given to 4 decimal places. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
