/** Channel secrets sealed with KMS (aws-sdk-client-mock): stored sealed, bound to channel and field, opened on read. */
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKmsSecretCipher } from '../../functions/adapters/aws/kms/secret-cipher.ts';
import { SEALED_PREFIX, sealedChannelStore } from '../../functions/adapters/common/stores/sealed-channel-store.ts';
import { openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { parseChannel } from '../../functions/core/channel.ts';

const kms = mockClient(KMSClient);
let stores: LocalStores;
beforeEach(() => {
  kms.reset();
  // A stand-in for KMS: "ciphertext" is the context and the plaintext, reversible only with the same context.
  kms.on(EncryptCommand).callsFake((input) => ({ CiphertextBlob: Buffer.from(JSON.stringify([input.EncryptionContext, Buffer.from(input.Plaintext).toString('utf8')])) }));
  kms.on(DecryptCommand).callsFake((input) => {
    const [context, plaintext] = JSON.parse(Buffer.from(input.CiphertextBlob).toString('utf8'));
    if (JSON.stringify(context) !== JSON.stringify(input.EncryptionContext)) throw Object.assign(new Error('InvalidCiphertextException'), { name: 'InvalidCiphertextException' });
    return { Plaintext: Buffer.from(plaintext, 'utf8') };
  });
  stores = openLocalStores({ path: ':memory:' });
});
afterEach(() => stores.close());

describe('sealedChannelStore over KMS', () => {
  it('stores every secret sealed with the channel and field as context, and reads it back opened', async () => {
    const cipher = createKmsSecretCipher({ keyId: 'alias/crosscheck-channels', region: 'eu-west-1', client: new KMSClient({ region: 'eu-west-1' }) });
    const sealed = sealedChannelStore(stores.channels, cipher);
    const channel = parseChannel({ name: 'ops', type: 'slack', webhookUrl: 'https://hooks.slack.test/services/SECRET', description: 'plain' });
    await sealed.create(channel);
    const raw = await stores.channels.get('ops');
    expect(raw).toMatchObject({ description: 'plain', webhookUrl: expect.stringMatching(new RegExp(`^${SEALED_PREFIX}`)) });
    expect(JSON.stringify(raw)).not.toContain('hooks.slack.test/services/SECRET');
    expect(kms.commandCalls(EncryptCommand)[0]!.args[0].input).toMatchObject({ KeyId: 'alias/crosscheck-channels', EncryptionContext: { purpose: 'crosscheck-channel-secret', channel: 'ops', field: 'webhookUrl' } });
    expect(await sealed.get('ops')).toEqual(channel);
    expect(await sealed.all()).toEqual([channel]);
    // A sealed value moved to another channel does not open.
    await stores.channels.create({ ...raw!, name: 'copy' });
    await expect(sealed.get('copy')).rejects.toThrow();
  });
});
