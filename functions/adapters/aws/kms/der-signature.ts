/**
 * ECDSA signatures: KMS returns the DER form (RFC 3279: SEQUENCE { r INTEGER, s INTEGER }),
 * JWS wants the fixed-size form, r || s, each as a 32-byte big-endian number for P-256
 * (RFC 7518 §3.4). This reads the DER strictly and pads or trims each integer to size.
 */

const SEQUENCE = 0x30;
const INTEGER = 0x02;

class DerError extends Error {}

function readLength(der: Uint8Array, at: number): { length: number; next: number } {
  const first = der[at];
  if (first === undefined) throw new DerError('truncated length');
  if (first < 0x80) return { length: first, next: at + 1 };
  if (first === 0x81) {
    const length = der[at + 1];
    if (length === undefined || length < 0x80) throw new DerError('bad long-form length');
    return { length, next: at + 2 };
  }
  throw new DerError('length too long for an ECDSA signature');
}

function readInteger(der: Uint8Array, at: number, size: number): { value: Uint8Array; next: number } {
  if (der[at] !== INTEGER) throw new DerError('expected an INTEGER');
  const { length, next } = readLength(der, at + 1);
  if (length === 0 || next + length > der.length) throw new DerError('INTEGER runs past the end');
  let bytes = der.subarray(next, next + length);
  if ((bytes[0]! & 0x80) !== 0) throw new DerError('negative INTEGER');
  // A leading zero only marks the number positive; it is not part of the value.
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  if (bytes.length > size) throw new DerError(`INTEGER longer than ${size} bytes`);
  const value = new Uint8Array(size);
  value.set(bytes, size - bytes.length);
  return { value, next: next + length };
}

/** DER ECDSA signature -> r || s with `size`-byte halves (32 for P-256). Throws on anything else. */
export function derToJoseSignature(der: Uint8Array, size = 32): Uint8Array {
  try {
    if (der[0] !== SEQUENCE) throw new DerError('expected a SEQUENCE');
    const { length, next } = readLength(der, 1);
    if (next + length !== der.length) throw new DerError('SEQUENCE length does not match the signature length');
    const r = readInteger(der, next, size);
    const s = readInteger(der, r.next, size);
    if (s.next !== der.length) throw new DerError('trailing bytes after s');
    const out = new Uint8Array(size * 2);
    out.set(r.value, 0);
    out.set(s.value, size);
    return out;
  } catch (error) {
    if (error instanceof DerError) throw new Error(`not a DER ECDSA signature: ${error.message}`);
    throw error;
  }
}
