/**
 * SecretCipher over KMS: Encrypt and Decrypt with a symmetric key in the home region
 * (secrets are small: KMS takes up to 4 KiB directly, no data key needed), the
 * encryption context bound to each value. Opened values are kept for the life of the
 * container, so a burst of alerts decrypts each secret once.
 */
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SecretCipher } from '../../../ports/secret-cipher.ts';
import { kmsClient } from '../clients.ts';
import { awsStep } from '../errors.ts';

export function createKmsSecretCipher(options: { readonly keyId: string; readonly region: string; readonly client?: KMSClient }): SecretCipher {
  const client = options.client ?? kmsClient(options.region);
  const opened = new Map<string, string>();
  return {
    seal: (plaintext, context) =>
      awsStep('channel secret', async () => {
        const out = await client.send(new EncryptCommand({ KeyId: options.keyId, Plaintext: Buffer.from(plaintext, 'utf8'), EncryptionContext: { ...context } }));
        return Buffer.from(out.CiphertextBlob!).toString('base64');
      }),
    open: (sealed, context) =>
      awsStep('channel secret', async () => {
        const key = `${JSON.stringify(context)}\u0000${sealed}`;
        const cached = opened.get(key);
        if (cached !== undefined) return cached;
        const out = await client.send(new DecryptCommand({ KeyId: options.keyId, CiphertextBlob: Buffer.from(sealed, 'base64'), EncryptionContext: { ...context } }));
        const plaintext = Buffer.from(out.Plaintext!).toString('utf8');
        opened.set(key, plaintext);
        return plaintext;
      }),
  };
}
