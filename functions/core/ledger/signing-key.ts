/**
 * The local mode's signing key as a file holds it: a private EC P-256 JWK. Parsed in one
 * place for the signer that uses it and for `crosscheck backup`/`restore`, which check a
 * copy of it: the fields are there and well formed, and the private and public halves
 * belong together (a sign and verify with the key itself).
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export interface PrivateSigningJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly d: string;
}

/** The key file's text as a private JWK; an Error saying what is wrong with it otherwise (`not JSON`, ...). */
export function parseSigningKeyJwk(text: string): PrivateSigningJwk {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('not JSON');
  }
  const jwk = value as Partial<Record<keyof PrivateSigningJwk, unknown>>;
  if (typeof value !== 'object' || value === null || jwk.kty !== 'EC' || jwk.crv !== 'P-256') {
    throw new Error('not an EC P-256 JWK');
  }
  for (const field of ['x', 'y', 'd'] as const) {
    if (typeof jwk[field] !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(jwk[field])) throw new Error(`field ${field} is missing or malformed`);
  }
  const parsed = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d } as PrivateSigningJwk;
  let privateKey: KeyObject;
  let publicKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: { ...parsed }, format: 'jwk' });
    publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: parsed.x, y: parsed.y }, format: 'jwk' });
  } catch (error) {
    throw new Error(`not a usable key: ${(error as Error).message}`);
  }
  const probe = Buffer.from('crosscheck signing key self-test');
  if (!verify('sha256', probe, publicKey, sign('sha256', probe, privateKey))) {
    throw new Error('the private key does not match the public key in the file');
  }
  return parsed;
}
