/**
 * Signer over an AWS KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY) in the home region.
 * `Sign` with ECDSA_SHA_256 and MessageType RAW (KMS hashes the input; inputs are at
 * most 4096 bytes, the JWS signing input always is) and the DER signature turned into
 * the 64-byte r || s of JWS. The public key comes from `GetPublicKey` (SPKI DER) as a
 * JWK with its RFC 7638 thumbprint as kid, asked once per container.
 *
 * KMS refusing the key is SignerError; KMS throttling (once the SDK's own retries are
 * spent) is ThrottledError, as every AWS throttle is here: the key is fine, the caller
 * may retry shortly (the API answers 503 with Retry-After, not 500).
 */
import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint } from 'jose';
import { SignerError, ThrottledError } from '../../../core/errors.ts';
import { MAX_SIGNING_INPUT_BYTES } from '../../../core/ledger/jws.ts';
import type { PublicJwk, Signer } from '../../../ports/signer.ts';
import { kmsClient } from '../clients.ts';
import { errorName, isThrottling } from '../errors.ts';
import { derToJoseSignature } from './der-signature.ts';

export interface KmsSignerOptions {
  /** Key id, ARN or alias of the signing key. */
  readonly keyId: string;
  readonly region: string;
  /** @default the container's client for the region */
  readonly client?: KMSClient;
}

const explain = (error: unknown) => `${errorName(error) || 'Error'}: ${(error as Error).message}`;

/** A failed KMS request: ThrottledError when KMS asked to slow down, SignerError otherwise. */
function requestFailed(what: string, error: unknown): SignerError | ThrottledError {
  const message = `${what} failed (${explain(error)})`;
  return isThrottling(error) ? new ThrottledError(message, { cause: error }) : new SignerError(message, { cause: error });
}

export function createKmsSigner(options: KmsSignerOptions): Signer {
  const client = options.client ?? kmsClient(options.region);
  let jwk: Promise<PublicJwk> | null = null;

  async function fetchJwk(): Promise<PublicJwk> {
    let out;
    try {
      out = await client.send(new GetPublicKeyCommand({ KeyId: options.keyId }));
    } catch (error) {
      throw requestFailed(`KMS key ${options.keyId}: GetPublicKey`, error);
    }
    // CustomerMasterKeySpec is KeySpec's deprecated twin; KMS still sends both (moto only the old one).
    const spec = out.KeySpec ?? out.CustomerMasterKeySpec;
    if (spec !== 'ECC_NIST_P256' || out.KeyUsage !== 'SIGN_VERIFY' || !(out.SigningAlgorithms ?? []).includes('ECDSA_SHA_256')) {
      throw new SignerError(
        `KMS key ${options.keyId} is ${spec ?? '?'} for ${out.KeyUsage ?? '?'}; the ledger needs an ECC_NIST_P256 key for SIGN_VERIFY (ES256)`,
      );
    }
    if (out.PublicKey === undefined) throw new SignerError(`KMS key ${options.keyId}: GetPublicKey returned no key`);
    const exported = createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' }).export({ format: 'jwk' });
    if (exported.kty !== 'EC' || exported.crv !== 'P-256' || !exported.x || !exported.y) {
      throw new SignerError(`KMS key ${options.keyId}: the public key is not an EC P-256 key`);
    }
    const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y }, 'sha256');
    return { kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y, kid, alg: 'ES256', use: 'sig' };
  }

  return {
    publicJwk() {
      const pending = (jwk ??= fetchJwk());
      // A failure is not cached: the next call asks KMS again.
      pending.catch(() => {
        if (jwk === pending) jwk = null;
      });
      return pending;
    },
    async sign(signingInput) {
      if (signingInput.length > MAX_SIGNING_INPUT_BYTES) {
        throw new SignerError(`signing input is ${signingInput.length} bytes, over the ${MAX_SIGNING_INPUT_BYTES}-byte limit of KMS RAW messages`);
      }
      let out;
      try {
        out = await client.send(
          new SignCommand({ KeyId: options.keyId, Message: signingInput, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
        );
      } catch (error) {
        throw requestFailed(`KMS key ${options.keyId}: Sign`, error);
      }
      if (out.Signature === undefined) throw new SignerError(`KMS key ${options.keyId}: Sign returned no signature`);
      try {
        return derToJoseSignature(out.Signature);
      } catch (error) {
        throw new SignerError(`KMS key ${options.keyId}: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}
