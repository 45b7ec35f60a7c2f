import type { MinorUnits } from '../money/money.js';

/**
 * What a cap still allows: the cap minus what is committed to verified, unreversed occurrences,
 * never below 0. An absent cap allows anything (Infinity), so `min(price, headroom...)` needs no
 * special case.
 */
export function capHeadroom(cap: MinorUnits | undefined, committed: MinorUnits): MinorUnits {
  return cap === undefined ? Infinity : Math.max(0, cap - committed);
}
