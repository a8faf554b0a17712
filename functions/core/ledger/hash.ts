/** SHA-256 as the ledger spells it: base64url, no padding. Computation only, no I/O. */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

export function sha256Base64url(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('base64url');
}

/** The `prev` an entry following `compactJws` must carry: SHA-256 over the JWS's ASCII text. */
export function prevOf(compactJws: string): string {
  return sha256Base64url(Buffer.from(compactJws, 'ascii'));
}

/** SHA-256 of the canonical JSON of `value`. */
export function canonicalSha256(value: unknown): string {
  return sha256Base64url(canonicalJson(value));
}
