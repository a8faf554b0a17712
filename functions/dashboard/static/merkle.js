/**
 * RFC 6962 Merkle proofs in the browser (WebCrypto SHA-256): leaf and node hashes, and the
 * inclusion and consistency checks of RFC 9162 sections 2.1.3.2 and 2.1.4.2. The same rules as
 * functions/core/tlog/verify.ts, which the test vectors of transparency-dev/merkle check;
 * so does test/unit/dashboard-merkle.test.ts for this file. Pure computation, no fetching.
 */

/** A proof that does not prove what it is offered for. */
export class ProofError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'ProofError';
  }
}

/** @param {Uint8Array[]} parts */
async function sha256(...parts) {
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const data = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    data.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** SHA-256(0x00 || data) @param {Uint8Array} data */
export const hashLeaf = (data) => sha256(Uint8Array.of(0), data);

/** SHA-256(0x01 || left || right) @param {Uint8Array} left @param {Uint8Array} right */
export const hashChildren = (left, right) => sha256(Uint8Array.of(1), left, right);

/** @param {Uint8Array} a @param {Uint8Array} b */
export function sameBytes(a, b) {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** @param {Uint8Array} bytes */
export const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));

/** @param {string} text */
export function fromBase64(text) {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  if (toBase64(bytes) !== text) throw new ProofError(`"${text}" is not canonical base64`);
  return bytes;
}

/**
 * RFC 9162 2.1.3.2: throws ProofError unless `proof` proves `leafHash` at `index` in the
 * tree of `size` with `root`.
 * @param {number} index @param {number} size @param {Uint8Array} leafHash @param {Uint8Array[]} proof @param {Uint8Array} root
 */
export async function verifyInclusion(index, size, leafHash, proof, root) {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) throw new ProofError(`index ${index} is not in a tree of ${size}`);
  if (leafHash.length !== 32) throw new ProofError('a leaf hash is 32 bytes');
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new ProofError('the inclusion proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      r = await hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new ProofError('the inclusion proof is too short');
  if (!sameBytes(r, root)) throw new ProofError(`entry ${index + 1}'s proof leads to ${toBase64(r)}, not the checkpoint's root ${toBase64(root)}`);
}

/**
 * RFC 9162 2.1.4.2: throws ProofError unless the tree of `size1` with `root1` is a prefix
 * of the tree of `size2` with `root2` (0 < size1 <= size2).
 * @param {number} size1 @param {number} size2 @param {Uint8Array[]} proof @param {Uint8Array} root1 @param {Uint8Array} root2
 */
export async function verifyConsistency(size1, size2, proof, root1, root2) {
  if (size2 < size1) throw new ProofError(`the log shrank: size ${size2} after ${size1}`);
  if (size1 < 1) throw new ProofError('a consistency proof from the empty tree proves nothing');
  if (size1 === size2) {
    if (proof.length > 0) throw new ProofError('equal sizes need an empty proof');
    if (!sameBytes(root1, root2)) throw new ProofError(`two roots for size ${size1}`);
    return;
  }
  const path = [...proof];
  // A size1 that is a power of two is itself a node of the larger tree: its root seeds the chain.
  if (Number.isInteger(Math.log2(size1))) path.unshift(root1);
  if (path.length === 0) throw new ProofError('the consistency proof is empty');
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = /** @type {Uint8Array} */ (path[0]);
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) throw new ProofError('the consistency proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      fr = await hashChildren(c, fr);
      sr = await hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = await hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new ProofError('the consistency proof is too short');
  if (!sameBytes(fr, root1)) throw new ProofError(`the proof does not lead to the earlier root of size ${size1}: the log was rewritten`);
  if (!sameBytes(sr, root2)) throw new ProofError(`size ${size2} is not an extension of size ${size1}: the log was rewritten`);
}
