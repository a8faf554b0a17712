/**
 * JWS compact serialization for ledger entries (RFC 7515 §7.1), built by hand so that
 * the signature can come from any Signer (a local key or KMS): the signer only sees
 * the signing input. Verification is left to a JOSE library (jose).
 */
import { CrossCheckError } from '../errors.ts';
import { LEDGER_JWS_TYP, type LedgerJwsHeader, type LedgerPayload } from './types.ts';

/** KMS signs at most 4096 bytes of message (MessageType RAW); we hold every signer to it. */
export const MAX_SIGNING_INPUT_BYTES = 4096;

/** A payload too large to sign: builders must move detail into the evidence document. */
export class LedgerEntryTooLargeError extends CrossCheckError {
  readonly bytes: number;
  constructor(type: string, bytes: number) {
    super(
      `ledger entry ${type}: JWS signing input is ${bytes} bytes, over the ${MAX_SIGNING_INPUT_BYTES}-byte limit; ` +
        'keep the payload to a summary and put full detail in the evidence document',
    );
    this.bytes = bytes;
  }
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function ledgerJwsHeader(kid: string): LedgerJwsHeader {
  return { alg: 'ES256', kid, typ: LEDGER_JWS_TYP };
}

/**
 * `BASE64URL(header) || '.' || BASE64URL(payload)`, the bytes an ES256 signature covers.
 * Throws LedgerEntryTooLargeError above MAX_SIGNING_INPUT_BYTES.
 */
export function ledgerSigningInput(kid: string, payload: LedgerPayload): string {
  const input = `${b64url(JSON.stringify(ledgerJwsHeader(kid)))}.${b64url(JSON.stringify(payload))}`;
  if (input.length > MAX_SIGNING_INPUT_BYTES) throw new LedgerEntryTooLargeError(payload.type, input.length);
  return input;
}

/** Appends the 64-byte ES256 signature (r || s) to the signing input. */
export function assembleCompactJws(signingInput: string, signature: Uint8Array): string {
  if (signature.length !== 64) {
    throw new CrossCheckError(`ES256 signature must be 64 bytes (r || s), got ${signature.length}`);
  }
  return `${signingInput}.${Buffer.from(signature).toString('base64url')}`;
}

/**
 * Reads header and payload of a compact JWS WITHOUT verifying it (for display and
 * bookkeeping; verification is jose's job). Throws on a malformed JWS.
 */
export function decodeLedgerJws(jws: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const parts = jws.split('.');
  if (parts.length !== 3) throw new CrossCheckError('not a compact JWS (expected three dot-separated parts)');
  const [header, payload] = parts.slice(0, 2).map((part) => {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new CrossCheckError('JWS header and payload must be JSON objects');
    }
    return value as Record<string, unknown>;
  }) as [Record<string, unknown>, Record<string, unknown>];
  return { header, payload };
}
