/**
 * The shape of an RFC 9162 Merkle tree over leaves 0..size-1, as ranges of leaves and as the
 * perfect subtrees that make them up. Sizes and indices are safe integers (arithmetic, not
 * 32-bit bit operations, so that logs past 2^32 leaves work too).
 */

/** A perfect subtree: leaves [index·2^level, (index+1)·2^level). Level 0 is a leaf. */
export interface NodeId {
  level: number;
  index: number;
}

/** Leaves [start, end), end > start. */
export interface LeafRange {
  start: number;
  end: number;
}

/** RFC 9162 §2.1.1: k, the largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function nodeKey(id: NodeId): string {
  return `${id.level}:${id.index}`;
}

/**
 * The perfect subtrees that make up a subtree [start, end) of the tree, left to right: the range
 * is split as RFC 9162 splits it, so each part is a power of two, largest first. Its hash is
 * then that of the parts folded from the right: H(p0, H(p1, ... H(pn-2, pn-1))).
 */
export function perfectParts(range: LeafRange): NodeId[] {
  const parts: NodeId[] = [];
  let start = range.start;
  let remaining = range.end - range.start;
  while (remaining > 0) {
    let width = 1;
    let level = 0;
    while (width * 2 <= remaining) {
      width *= 2;
      level++;
    }
    if (start % width !== 0) throw new RangeError(`[${range.start}, ${range.end}) is not a subtree of an RFC 9162 tree`);
    parts.push({ level, index: start / width });
    start += width;
    remaining -= width;
  }
  return parts;
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): the subtrees whose hashes prove leaf m in a tree of `size`, bottom up. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const out: LeafRange[] = [];
  const walk = (start: number, end: number): void => {
    if (end - start === 1) return;
    const k = splitPoint(end - start);
    if (index < start + k) {
      walk(start, start + k);
      out.push({ start: start + k, end });
    } else {
      walk(start + k, end);
      out.push({ start, end: start + k });
    }
  };
  walk(0, size);
  return out;
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]): the subtrees whose hashes prove a tree of `size` extends one of `oldSize`. */
export function consistencyRanges(oldSize: number, size: number): LeafRange[] {
  if (!(oldSize > 0 && oldSize < size)) throw new RangeError(`no consistency proof from size ${oldSize} to ${size}`);
  const out: LeafRange[] = [];
  const walk = (m: number, start: number, end: number, complete: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!complete) out.push({ start, end });
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      walk(m, start, start + k, complete);
      out.push({ start: start + k, end });
    } else {
      walk(m - k, start + k, end, false);
      out.push({ start, end: start + k });
    }
  };
  walk(oldSize, 0, size, true);
  return out;
}

/**
 * The subtrees, left to right, that hold none of the given leaves and are maximal as such: with
 * the given leaves' own hashes they are exactly what recomputes the root (a multi-leaf inclusion
 * proof). `indices` sorted ascending, unique, each below `size`.
 */
export function multiProofRanges(indices: readonly number[], size: number): LeafRange[] {
  checkSortedIndices(indices, size);
  const walk = new MultiProofWalk(size);
  const out: LeafRange[] = [];
  for (const index of indices) out.push(...walk.add(index));
  out.push(...walk.end());
  return out;
}

/**
 * multiProofRanges taken leaf by leaf, for sets of leaves too large to hold at once: `add` each
 * leaf in ascending order and get the proof's subtrees left of it not given yet; `end` gives the
 * rest. The subtrees that hold none of the leaves and are maximal as such are exactly the
 * maximal subtrees inside each gap between two leaves (or a leaf and an edge of the tree), since
 * a parent reaching out of a gap holds the leaf that bounds it.
 */
export class MultiProofWalk {
  private next = 0;

  constructor(private readonly size: number) {}

  add(index: number): LeafRange[] {
    if (!Number.isSafeInteger(index) || index < this.next || index >= this.size) {
      throw new RangeError('leaf indices must be ascending, unique and inside the tree');
    }
    const out = subtreesWithin(this.next, index, this.size);
    this.next = index + 1;
    return out;
  }

  end(): LeafRange[] {
    const out = subtreesWithin(this.next, this.size, this.size);
    this.next = this.size;
    return out;
  }
}

/** The maximal subtrees of the tree of `size` that lie inside leaves [from, to), left to right. */
function subtreesWithin(from: number, to: number, size: number): LeafRange[] {
  const out: LeafRange[] = [];
  const walk = (start: number, end: number): void => {
    if (end <= from || start >= to) return;
    if (from <= start && end <= to) {
      out.push({ start, end });
      return;
    }
    const mid = start + splitPoint(end - start);
    walk(start, mid);
    walk(mid, end);
  };
  if (from < to) walk(0, size);
  return out;
}

export function checkSortedIndices(indices: readonly number[], size: number): void {
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i];
    if (!Number.isSafeInteger(index) || index < 0 || index >= size || (i > 0 && index <= indices[i - 1])) {
      throw new RangeError('leaf indices must be ascending, unique and inside the tree');
    }
  }
}

/** The first position in indices[lo, hi) whose value is ≥ value (binary search). */
export function firstAtOrAbove(indices: readonly number[], value: number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (indices[m] < value) a = m + 1;
    else b = m;
  }
  return a;
}
