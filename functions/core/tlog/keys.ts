/**
 * The log's note keys as vkeys: the ES256 ledger key (a JWK) as an ECDSA 0x02 key, the
 * Ed25519 key as a 0x01 key, both named by the origin. Computation only (node:crypto).
 */
import { createPublicKey } from 'node:crypto';
import { formatVerifierKey, noteKeyId, SIG_ECDSA, SIG_ED25519, type SignatureType } from './note.ts';

export interface NoteKeyDescription {
  /** The key name of the signature lines: the log's origin. */
  readonly name: string;
  readonly keyId: number;
  readonly type: SignatureType;
  /** `<name>+<hex key ID>+<base64(type || key)>`. */
  readonly vkey: string;
}

/** The SPKI DER of an EC P-256 public JWK. */
export function spkiOfJwk(jwk: { readonly x: string; readonly y: string }): Uint8Array {
  return new Uint8Array(createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' }).export({ format: 'der', type: 'spki' }));
}

export function ecdsaNoteKey(name: string, jwk: { readonly x: string; readonly y: string }): NoteKeyDescription {
  const spki = spkiOfJwk(jwk);
  return { name, keyId: noteKeyId(name, SIG_ECDSA, spki), type: SIG_ECDSA, vkey: formatVerifierKey(name, SIG_ECDSA, spki) };
}

/** The raw 32 bytes of an Ed25519 public key from its SPKI DER (12 bytes of prefix). */
export function ed25519RawOfSpki(spki: Uint8Array): Uint8Array {
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 key but ${key.asymmetricKeyType ?? 'unknown'}`);
  return new Uint8Array(Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url'));
}

export function ed25519NoteKey(name: string, publicKey: Uint8Array): NoteKeyDescription {
  return { name, keyId: noteKeyId(name, SIG_ED25519, publicKey), type: SIG_ED25519, vkey: formatVerifierKey(name, SIG_ED25519, publicKey) };
}
