/**
 * The tree's root and proofs from stored hashes: each asks its reader ONCE for the
 * perfect-subtree nodes it needs (O(log n) of them) and computes the rest. The reader
 * is passed in, as a clock would be: the core does no I/O.
 */
import { CrossCheckError } from '../errors.ts';
import { consistencyRanges, hashOfRange, inclusionRanges, nodesOfRange, type LeafRange, type NodeId } from './nodes.ts';
import { EMPTY_ROOT, hashChildren, hashLeaf, type Hash } from './rfc6962.ts';

/** Reads the hashes of perfect-subtree nodes, in the order asked. */
export type NodeReader = (nodes: readonly NodeId[]) => Promise<readonly Hash[]>;

/** Bad sizes or indexes for a proof (the caller's input, not the tree's fault). */
export class TreeRangeError extends CrossCheckError {}

function checkSize(value: number, name: string, max?: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new TreeRangeError(`${name} must be a non-negative integer`);
  if (max !== undefined && value > max) throw new TreeRangeError(`${name} ${value} is beyond the tree size ${max}`);
}

async function hashesOfRanges(ranges: readonly LeafRange[], read: NodeReader): Promise<Hash[]> {
  const perRange = ranges.map(nodesOfRange);
  const hashes = await read(perRange.flat());
  let at = 0;
  return perRange.map((nodes) => {
    const slice = hashes.slice(at, at + nodes.length);
    at += nodes.length;
    return hashOfRange(slice);
  });
}

/** MTH(D[0:size]); the empty tree's root for 0. */
export async function treeRoot(size: number, read: NodeReader): Promise<Hash> {
  checkSize(size, 'size');
  if (size === 0) return EMPTY_ROOT;
  const [root] = await hashesOfRanges([{ start: 0, end: size }], read);
  return root!;
}

/** The inclusion proof of leaf `index` in the tree of `size` (index < size <= stored size). */
export async function inclusionProof(index: number, size: number, read: NodeReader): Promise<Hash[]> {
  checkSize(size, 'size');
  checkSize(index, 'index');
  if (index >= size) throw new TreeRangeError(`index ${index} is not below the tree size ${size}`);
  return hashesOfRanges(inclusionRanges(index, size), read);
}

/** The consistency proof from the tree of `size1` to the tree of `size2` (0 < size1 <= size2). */
export async function consistencyProof(size1: number, size2: number, read: NodeReader): Promise<Hash[]> {
  checkSize(size2, 'size2');
  checkSize(size1, 'size1', size2);
  if (size1 === 0) throw new TreeRangeError('size1 must be at least 1: a proof from the empty tree proves nothing');
  return hashesOfRanges(consistencyRanges(size1, size2), read);
}

/**
 * The root over leaves given in order, in O(log n) memory (a compact range): for
 * recomputing the tree from the entries themselves, trusting no stored hash.
 */
export class TreeBuilder {
  /** Perfect subtrees still open on the right edge: [level, hash], strictly decreasing levels. */
  private readonly stack: Array<[number, Hash]> = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  addLeaf(data: Uint8Array): void {
    this.addLeafHash(hashLeaf(data));
  }

  addLeafHash(leafHash: Hash): void {
    let node: [number, Hash] = [0, leafHash];
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]![0] === node[0]) {
      const [level, left] = this.stack.pop()!;
      node = [level + 1, hashChildren(left, node[1])];
    }
    this.stack.push(node);
    this.count++;
  }

  root(): Hash {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let hash = this.stack[this.stack.length - 1]![1];
    for (let i = this.stack.length - 2; i >= 0; i--) hash = hashChildren(this.stack[i]![1], hash);
    return hash;
  }
}
