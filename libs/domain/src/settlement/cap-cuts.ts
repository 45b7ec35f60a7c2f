import type { MinorUnits } from '../money/money.js';

/**
 * Cuts amounts, in order, to what a headroom leaves: each takes min(amount, what remains).
 * An unbounded headroom (Infinity: no cap) cuts nothing.
 */
export function cutInOrder(amounts: readonly MinorUnits[], headroom: MinorUnits): MinorUnits[] {
  let remaining = headroom;
  return amounts.map((amount) => {
    const cut = Math.min(amount, remaining);
    remaining -= cut;
    return cut;
  });
}

/**
 * Scales amounts down in proportion so that they sum to `headroom` exactly, when they exceed it:
 * each becomes floor(amount * headroom / sum), and the minor units left go one each to the largest
 * remainders (amount * headroom mod sum), the earlier amount first between equal remainders.
 * Amounts within the headroom are returned as they are. Integer arithmetic throughout (BigInt).
 */
export function scaleToHeadroom(amounts: readonly MinorUnits[], headroom: MinorUnits): MinorUnits[] {
  if (headroom === Infinity) return [...amounts];
  const s = amounts.reduce((total, amount) => total + BigInt(amount), 0n);
  const h = BigInt(headroom);
  if (s <= h) return [...amounts];
  const scaled = amounts.map((amount) => ({ floor: (BigInt(amount) * h) / s, remainder: (BigInt(amount) * h) % s }));
  let left = headroom - scaled.reduce((total, x) => total + Number(x.floor), 0);
  const byRemainder = scaled
    .map((x, i) => i)
    .sort((a, b) => (scaled[a].remainder > scaled[b].remainder ? -1 : scaled[a].remainder < scaled[b].remainder ? 1 : a - b));
  const out = scaled.map((x) => Number(x.floor));
  for (const i of byRemainder) {
    if (left === 0) break;
    out[i] += 1;
    left--;
  }
  return out;
}
