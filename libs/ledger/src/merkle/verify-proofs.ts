import { type Hash, HASH_BYTES, hashChildren, isHash } from './tree-hash.js';
import { checkSortedIndices, firstAtOrAbove, splitPoint } from './tree-shape.js';

/**
 * Proof verification, written from RFC 9162 §2.1.3.2 and §2.1.4.2. Every input is checked (sizes,
 * indices, hash lengths, proof lengths: a proof with a node too many or too few fails), since a
 * proof is only as good as its verifier.
 */
export type ProofCheck = { ok: true } | { ok: false; reason: string };

const OK: ProofCheck = { ok: true };
const fail = (reason: string): ProofCheck => ({ ok: false, reason });
const half = (n: number): number => Math.floor(n / 2);
const isOdd = (n: number): boolean => n % 2 === 1;
const isSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

function allHashes(values: readonly unknown[]): boolean {
  return values.every(isHash);
}

/** RFC 9162 §2.1.3.2: does `proof` show the leaf with `leafHash` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(index: number, size: number, leafHash: Hash, proof: readonly Hash[], root: Hash): ProofCheck {
  if (!isSize(index) || !isSize(size) || index >= size) return fail(`leaf index ${index} is not inside a tree of size ${size}`);
  if (!isHash(leafHash) || !isHash(root) || !allHashes(proof)) return fail('a hash is not 32 bytes');
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return fail('the proof is longer than the tree is deep');
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return fail('the proof is shorter than the tree is deep');
  return r.equals(root) ? OK : fail('the proof does not lead to the root');
}

/** RFC 9162 §2.1.4.2: does `proof` show that the tree of `size` with `root` extends the tree of `oldSize` with `oldRoot`? */
export function verifyConsistency(oldSize: number, size: number, oldRoot: Hash, root: Hash, proof: readonly Hash[]): ProofCheck {
  if (!isSize(oldSize) || !isSize(size)) return fail('tree sizes must be non-negative integers');
  if (oldSize > size) return fail(`the new tree (${size}) is smaller than the old one (${oldSize})`);
  if (oldSize === 0) return fail('a consistency proof from the empty tree proves nothing');
  if (oldSize === size) {
    if (proof.length > 0) return fail('trees of equal size need an empty proof');
    return Buffer.from(oldRoot).equals(root) ? OK : fail('trees of equal size have different roots');
  }
  if (!isHash(oldRoot) || !isHash(root) || !allHashes(proof)) return fail('a hash is not 32 bytes');
  if (proof.length === 0) return fail('the proof is empty');
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = size - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return fail('the proof is longer than the tree is deep');
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return fail('the proof is shorter than the tree is deep');
  if (!fr.equals(oldRoot)) return fail('the proof does not lead to the old root');
  return sr.equals(root) ? OK : fail('the proof does not lead to the new root');
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/**
 * The root recomputed from some leaves (ascending `indices`, with their hashes, as Hashes or packed
 * HASH_BYTES each in one array) and the multi-leaf inclusion proof of them (the maximal subtrees
 * holding none of them, left to right; see multiProofRanges). Undefined, with the reason, when the
 * proof has too few or too many hashes.
 */
export function rootFromMultiProof(
  indices: readonly number[],
  leafHashes: readonly Hash[] | Uint8Array,
  size: number,
  proof: readonly Hash[],
): { root: Hash } | { root?: undefined; reason: string } {
  if (!isSize(size)) return { reason: 'the tree size must be a non-negative integer' };
  try {
    checkSortedIndices(indices, size);
  } catch (error) {
    return { reason: (error as Error).message };
  }
  const packed = leafHashes instanceof Uint8Array;
  const leaves = packed ? leafHashes.length / HASH_BYTES : leafHashes.length;
  if (leaves !== indices.length || !(packed || allHashes(leafHashes)) || !allHashes(proof)) return { reason: 'a hash is not 32 bytes' };
  const leaf = packed
    ? (i: number): Hash => Buffer.from(leafHashes.buffer, leafHashes.byteOffset + HASH_BYTES * i, HASH_BYTES)
    : (i: number): Hash => leafHashes[i];
  if (size === 0) return { reason: 'the tree is empty' };
  let next = 0;
  const compute = (start: number, end: number, lo: number, hi: number): Hash | undefined => {
    if (lo === hi) return next < proof.length ? proof[next++] : undefined;
    if (end - start === 1) return leaf(lo);
    const mid = start + splitPoint(end - start);
    const cut = firstAtOrAbove(indices, mid, lo, hi);
    const left = compute(start, mid, lo, cut);
    const right = left === undefined ? undefined : compute(mid, end, cut, hi);
    return right === undefined ? undefined : hashChildren(left!, right);
  };
  const root = compute(0, size, 0, indices.length);
  if (root === undefined) return { reason: 'the proof has too few hashes' };
  if (next !== proof.length) return { reason: 'the proof has too many hashes' };
  return { root };
}
