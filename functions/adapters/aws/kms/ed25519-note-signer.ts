/**
 * The log's optional Ed25519 note signer in AWS: a KMS key of spec ECC_NIST_EDWARDS25519
 * signing the checkpoint text with ED25519_SHA_512 and MessageType RAW (pure Ed25519, as
 * signed notes need). The public key comes from GetPublicKey (SPKI DER), once per container.
 */
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { SignerError, ThrottledError } from '../../../core/errors.ts';
import { ed25519NoteKey, ed25519RawOfSpki, type NoteKeyDescription } from '../../../core/tlog/keys.ts';
import type { NoteSigner } from '../../../ports/note-signer.ts';
import { kmsClient } from '../clients.ts';
import { errorName, isThrottling } from '../errors.ts';

export interface KmsEd25519Options {
  readonly keyId: string;
  readonly region: string;
  readonly origin: () => Promise<string>;
  readonly client?: KMSClient;
}

function failed(what: string, error: unknown): SignerError | ThrottledError {
  const message = `${what} failed (${errorName(error) || 'Error'}: ${(error as Error).message})`;
  return isThrottling(error) ? new ThrottledError(message, { cause: error }) : new SignerError(message, { cause: error });
}

export function createKmsEd25519NoteSigner(options: KmsEd25519Options): NoteSigner {
  const client = options.client ?? kmsClient(options.region);
  let description: Promise<NoteKeyDescription> | null = null;

  async function describe(): Promise<NoteKeyDescription> {
    let out;
    try {
      out = await client.send(new GetPublicKeyCommand({ KeyId: options.keyId }));
    } catch (error) {
      throw failed(`KMS key ${options.keyId}: GetPublicKey`, error);
    }
    if (out.KeySpec !== 'ECC_NIST_EDWARDS25519' || out.PublicKey === undefined) {
      throw new SignerError(`KMS key ${options.keyId} is ${out.KeySpec ?? '?'}; the log's Ed25519 note key must be ECC_NIST_EDWARDS25519`);
    }
    return ed25519NoteKey(await options.origin(), ed25519RawOfSpki(out.PublicKey));
  }

  return {
    describe() {
      const pending = (description ??= describe());
      pending.catch(() => {
        if (description === pending) description = null;
      });
      return pending;
    },
    async sign(text) {
      let out;
      try {
        out = await client.send(new SignCommand({ KeyId: options.keyId, Message: text, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' }));
      } catch (error) {
        throw failed(`KMS key ${options.keyId}: Sign`, error);
      }
      if (out.Signature?.length !== 64) throw new SignerError(`KMS key ${options.keyId}: Sign returned no 64-byte Ed25519 signature`);
      return new Uint8Array(out.Signature);
    },
  };
}
