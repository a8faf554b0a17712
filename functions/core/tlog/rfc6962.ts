/**
 * RFC 6962 (RFC 9162 §2.1.1) Merkle tree hashing with SHA-256: a leaf is
 * SHA-256(0x00 || data), an interior node SHA-256(0x01 || left || right), and the
 * empty tree's root is SHA-256 of nothing. Computation only, no I/O.
 */
import { createHash } from 'node:crypto';

/** Bytes of every hash of the tree. */
export const HASH_SIZE = 32;

export type Hash = Uint8Array;

/** MTH({}) = SHA-256() = e3b0c442...b855. */
export const EMPTY_ROOT: Hash = new Uint8Array(createHash('sha256').digest());

export function hashLeaf(data: Uint8Array): Hash {
  return new Uint8Array(createHash('sha256').update(Uint8Array.of(0)).update(data).digest());
}

export function hashChildren(left: Hash, right: Hash): Hash {
  return new Uint8Array(createHash('sha256').update(Uint8Array.of(1)).update(left).update(right).digest());
}

/** The leaf of a ledger entry: the ASCII bytes of its compact JWS (leaf i is the entry of seq i + 1). */
export function ledgerLeafHash(compactJws: string): Hash {
  return hashLeaf(Buffer.from(compactJws, 'ascii'));
}

export function sameHash(a: Hash, b: Hash): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export const toBase64 = (hash: Uint8Array): string => Buffer.from(hash).toString('base64');
