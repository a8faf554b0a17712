/**
 * Where the tree's hashes are kept, after the stored-hash layout of Go's sumdb/tlog:
 * appending leaf i completes the perfect subtrees that end at it, one per level from 0
 * (the leaf itself) up to the number of trailing one bits of i, and those hashes are
 * written once, with the entry, as the leaf's *record*. So an append writes
 * 1 + trailingOnes(i) hashes (two on average) after reading as many left siblings, and
 * any node of a perfect subtree, `(level, index)`, is found in the record of leaf
 * `(index + 1) * 2^level - 1` at position `level`: a proof reads O(log n) records.
 * Computation only, no I/O.
 */
import { CrossCheckError } from '../errors.ts';
import { largestPowerOfTwoBelow, shiftRight, trailingOnes } from './bits.ts';
import { HASH_SIZE, hashChildren, type Hash } from './rfc6962.ts';

/** The root of a perfect subtree: leaves `index * 2^level` to `(index + 1) * 2^level - 1`. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** The leaf whose record holds the node, and the node's position in that record. */
export function recordOfNode({ level, index }: NodeId): { leaf: number; offset: number } {
  return { leaf: (index + 1) * 2 ** level - 1, offset: level };
}

/** How many hashes the record of leaf `leaf` holds. */
export const recordLength = (leaf: number): number => 1 + trailingOnes(leaf);

/** The left siblings the record of `leaf` is computed from, level 0 upwards. */
export function leftSiblingsOf(leaf: number): NodeId[] {
  const siblings: NodeId[] = [];
  for (let level = 0; level < trailingOnes(leaf); level++) siblings.push({ level, index: shiftRight(leaf, level) - 1 });
  return siblings;
}

/** The record of `leaf`: its leaf hash, then each perfect subtree it completes, as one byte string. */
export function recordOf(leaf: number, leafHash: Hash, leftSiblings: readonly Hash[]): Uint8Array {
  const count = recordLength(leaf);
  if (leftSiblings.length !== count - 1) throw new CrossCheckError(`record of leaf ${leaf} needs ${count - 1} left siblings, got ${leftSiblings.length}`);
  const record = new Uint8Array(count * HASH_SIZE);
  let hash = leafHash;
  record.set(hash, 0);
  leftSiblings.forEach((sibling, level) => {
    hash = hashChildren(sibling, hash);
    record.set(hash, (level + 1) * HASH_SIZE);
  });
  return record;
}

/** The hash at `offset` of a record. */
export function hashInRecord(record: Uint8Array, offset: number, leaf: number): Hash {
  if (record.length % HASH_SIZE !== 0 || record.length < (offset + 1) * HASH_SIZE) {
    throw new CrossCheckError(`the tree record of leaf ${leaf} is ${record.length} bytes, too short for level ${offset}`);
  }
  return record.subarray(offset * HASH_SIZE, (offset + 1) * HASH_SIZE);
}

/** A run of leaves [start, end): RFC 6962's D[start:end]. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The perfect subtrees that make up [start, end), largest first, for a range of the
 * shape RFC 6962's recursion produces (start a multiple of a power of two >= its width).
 */
export function nodesOfRange({ start, end }: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    nodes.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return nodes;
}

/** MTH(D[start:end]) from the hashes of `nodesOfRange`, in that order: the smaller subtrees fold in from the right. */
export function hashOfRange(nodeHashes: readonly Hash[]): Hash {
  if (nodeHashes.length === 0) throw new CrossCheckError('an empty range has no subtree hash');
  let hash = nodeHashes[nodeHashes.length - 1]!;
  for (let i = nodeHashes.length - 2; i >= 0; i--) hash = hashChildren(nodeHashes[i]!, hash);
  return hash;
}

/** RFC 6962 §2.1.1 PATH(index, D[0:size]): the ranges whose hashes form the inclusion proof, leaf's sibling first. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let [start, end, m] = [0, size, index];
  const path: LeafRange[] = [];
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (m < k) {
      path.push({ start: start + k, end });
      end = start + k;
    } else {
      path.push({ start, end: start + k });
      start += k;
      m -= k;
    }
  }
  // The recursion emits the deepest sibling first.
  for (let i = path.length - 1; i >= 0; i--) ranges.push(path[i]!);
  return ranges;
}

/** RFC 6962 §2.1.2 PROOF(size1, D[0:size2]) = SUBPROOF(size1, D[0:size2], true), as ranges, deepest first. */
export function consistencyRanges(size1: number, size2: number): LeafRange[] {
  const path: LeafRange[] = [];
  let [start, end, m, complete] = [0, size2, size1, true];
  for (;;) {
    const n = end - start;
    if (m === n) {
      if (!complete) path.push({ start, end });
      break;
    }
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      path.push({ start: start + k, end });
      end = start + k;
    } else {
      path.push({ start, end: start + k });
      start += k;
      m -= k;
      complete = false;
    }
  }
  return path.reverse();
}
