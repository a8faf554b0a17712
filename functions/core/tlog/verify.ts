/**
 * Checking inclusion and consistency proofs (RFC 9162 §2.1.3.2 and §2.1.4.2), in the
 * shape of transparency-dev/merkle's proof/verify.go: the proof's length is checked
 * against the sizes first, then the root is recomputed and compared. Each failure is a
 * ProofError saying what did not hold. As there, roots are only compared, never
 * length-checked: a root of the wrong length simply does not match. Computation only, no I/O.
 */
import { CrossCheckError } from '../errors.ts';
import { bitLength, bitOf, onesCount, shiftRight, xor } from './bits.ts';
import { HASH_SIZE, hashChildren, sameHash, toBase64, type Hash } from './rfc6962.ts';

/** A proof that does not prove what it is offered for. */
export class ProofError extends CrossCheckError {}

function checkSize(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new ProofError(`${name} must be a non-negative integer, got ${value}`);
}

function checkHash(hash: Hash, name: string): void {
  if (hash.length !== HASH_SIZE) throw new ProofError(`${name} has ${hash.length} bytes, a SHA-256 hash has ${HASH_SIZE}`);
}

function rootMismatch(calculated: Hash, expected: Hash, what: string): ProofError {
  return new ProofError(`${what}: calculated root ${toBase64(calculated)} does not match the expected ${toBase64(expected)}`);
}

/** Inner and border lengths of the inclusion proof of `index` in a tree of `size` (decompInclProof). */
export function inclusionProofShape(index: number, size: number): { inner: number; border: number } {
  const inner = bitLength(xor(index, size - 1));
  return { inner, border: onesCount(shiftRight(index, inner)) };
}

function chainInner(seed: Hash, proof: readonly Hash[], index: number): Hash {
  return proof.reduce((acc, hash, i) => (bitOf(index, i) === 0 ? hashChildren(acc, hash) : hashChildren(hash, acc)), seed);
}

function chainInnerRight(seed: Hash, proof: readonly Hash[], index: number): Hash {
  return proof.reduce((acc, hash, i) => (bitOf(index, i) === 1 ? hashChildren(hash, acc) : acc), seed);
}

function chainBorderRight(seed: Hash, proof: readonly Hash[]): Hash {
  return proof.reduce((acc, hash) => hashChildren(hash, acc), seed);
}

/** The root that an inclusion proof of `leafHash` at `index` implies for a tree of `size`. */
export function rootFromInclusionProof(index: number, size: number, leafHash: Hash, proof: readonly Hash[]): Hash {
  checkSize(index, 'index');
  checkSize(size, 'size');
  if (index >= size) throw new ProofError(`index ${index} is beyond the tree size ${size}`);
  checkHash(leafHash, 'the leaf hash');
  proof.forEach((hash, i) => checkHash(hash, `proof hash ${i}`));
  const { inner, border } = inclusionProofShape(index, size);
  if (proof.length !== inner + border) throw new ProofError(`the inclusion proof has ${proof.length} hashes, ${inner + border} expected for index ${index} in a tree of ${size}`);
  return chainBorderRight(chainInner(leafHash, proof.slice(0, inner), index), proof.slice(inner));
}

/** Throws ProofError unless `proof` proves `leafHash` at `index` in the tree of `size` with `root`. */
export function verifyInclusion(index: number, size: number, leafHash: Hash, proof: readonly Hash[], root: Hash): void {
  const calculated = rootFromInclusionProof(index, size, leafHash, proof);
  if (!sameHash(calculated, root)) throw rootMismatch(calculated, root, `inclusion of index ${index} in tree ${size}`);
}

/**
 * Throws ProofError unless `proof` proves that the tree of `size1` with `root1` is a
 * prefix of the tree of `size2` with `root2` (0 < size1 <= size2; equal sizes need an
 * empty proof and equal roots).
 */
export function verifyConsistency(size1: number, size2: number, proof: readonly Hash[], root1: Hash, root2: Hash): void {
  checkSize(size1, 'size1');
  checkSize(size2, 'size2');
  proof.forEach((hash, i) => checkHash(hash, `proof hash ${i}`));
  if (size2 < size1) throw new ProofError(`the tree shrank: size ${size2} is below the earlier size ${size1}`);
  if (size1 === 0) throw new ProofError('a consistency proof from the empty tree proves nothing (size1 is 0)');
  if (size1 === size2) {
    if (proof.length > 0) throw new ProofError(`sizes are equal (${size1}) but the proof is not empty`);
    if (!sameHash(root1, root2)) throw rootMismatch(root2, root1, `two roots for the same size ${size1}`);
    return;
  }
  if (proof.length === 0) throw new ProofError(`the consistency proof from ${size1} to ${size2} is empty`);

  // RFC 9162 §2.1.4.2, with verify.go's exact length check.
  const { inner: innerFull, border } = inclusionProofShape(size1 - 1, size2);
  const shift = trailingZeros(size1);
  const inner = innerFull - shift;
  // A size1 that is a power of two is itself a node of the larger tree: its root seeds the chain.
  const [seed, start] = size1 === 2 ** shift ? [root1, 0] : [proof[0]!, 1];
  if (proof.length !== start + inner + border) {
    throw new ProofError(`the consistency proof has ${proof.length} hashes, ${start + inner + border} expected from ${size1} to ${size2}`);
  }
  const rest = proof.slice(start);
  const mask = shiftRight(size1 - 1, shift);
  const hash1 = chainBorderRight(chainInnerRight(seed, rest.slice(0, inner), mask), rest.slice(inner));
  if (!sameHash(hash1, root1)) throw rootMismatch(hash1, root1, `consistency proof from ${size1}: the old tree`);
  const hash2 = chainBorderRight(chainInner(seed, rest.slice(0, inner), mask), rest.slice(inner));
  if (!sameHash(hash2, root2)) throw rootMismatch(hash2, root2, `consistency proof from ${size1} to ${size2}: the new tree`);
}

/** Trailing zero bits of n > 0. */
function trailingZeros(n: number): number {
  let count = 0;
  while (n % 2 === 0) {
    count++;
    n /= 2;
  }
  return count;
}
