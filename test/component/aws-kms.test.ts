/**
 * The KMS signer with a mocked client: the exact Sign request, the DER -> r || s
 * conversion (checked against node:crypto), the JWK from GetPublicKey asked once, and
 * KMS failures as SignerError, KMS throttling as ThrottledError.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { DisabledException, GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { calculateJwkThumbprint } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { createKmsSigner, derToJoseSignature } from '../../functions/adapters/aws/index.ts';
import { SignerError, ThrottledError } from '../../functions/core/errors.ts';

const kms = mockClient(KMSClient);
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = publicKey.export({ format: 'der', type: 'spki' });
const signer = () => createKmsSigner({ keyId: KEY, region: 'eu-west-1', client: new KMSClient({ region: 'eu-west-1' }) });

const publicKeyReply = {
  KeyId: KEY,
  KeySpec: 'ECC_NIST_P256' as const,
  KeyUsage: 'SIGN_VERIFY' as const,
  SigningAlgorithms: ['ECDSA_SHA_256' as const],
  PublicKey: new Uint8Array(spki),
};

beforeEach(() => {
  kms.reset();
});

describe('KMS signer', () => {
  it('signs the raw signing input with ECDSA_SHA_256 and returns the 64-byte r || s that verifies', async () => {
    const input = Buffer.from('eyJhbGciOiJFUzI1NiJ9.eyJzZXEiOjF9', 'ascii');
    const der = sign('sha256', input, { key: privateKey, dsaEncoding: 'der' });
    kms.on(SignCommand).resolves({ KeyId: KEY, Signature: new Uint8Array(der), SigningAlgorithm: 'ECDSA_SHA_256' });

    const signature = await signer().sign(input);

    expect(kms).toReceiveCommandExactlyOnceWith(SignCommand, { KeyId: KEY, Message: input, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(signature).toHaveLength(64);
    expect(verify('sha256', input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });

  it('refuses input over 4096 bytes without asking KMS', async () => {
    await expect(signer().sign(new Uint8Array(4097))).rejects.toBeInstanceOf(SignerError);
    expect(kms).not.toReceiveAnyCommand();
  });

  it.each([
    ['a disabled key', () => new DisabledException({ message: 'key is disabled', $metadata: {} })],
    ['access denied', () => Object.assign(new Error('not authorized to kms:Sign'), { name: 'AccessDeniedException' })],
  ])('is SignerError on %s', async (_label, error) => {
    kms.on(SignCommand).rejects(error());
    const failure = await signer().sign(Buffer.from('a.b')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SignerError);
    expect((failure as Error).message).toContain(KEY);
  });

  it('is ThrottledError when KMS throttles (the SDK\'s retries spent): the key is fine, the caller may retry', async () => {
    kms.on(SignCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} }));
    const failure = await signer().sign(Buffer.from('a.b')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ThrottledError);
    expect((failure as Error).message).toContain(KEY);
    kms.on(GetPublicKeyCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} }));
    await expect(signer().publicJwk()).rejects.toBeInstanceOf(ThrottledError);
  });

  it('is SignerError when KMS returns something that is not a DER signature', async () => {
    kms.on(SignCommand).resolves({ Signature: new Uint8Array(64) });
    await expect(signer().sign(Buffer.from('a.b'))).rejects.toBeInstanceOf(SignerError);
  });

  it('turns GetPublicKey into the JWK, kid = RFC 7638 thumbprint, asked once', async () => {
    kms.on(GetPublicKeyCommand).resolves(publicKeyReply);
    const expected = publicKey.export({ format: 'jwk' });
    const s = signer();

    const [first, second] = await Promise.all([s.publicJwk(), s.publicJwk()]);
    const third = await s.publicJwk();

    expect(first).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: expected.x,
      y: expected.y,
      kid: await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: expected.x!, y: expected.y! }),
      alg: 'ES256',
      use: 'sig',
    });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(kms).toReceiveCommandExactlyOnceWith(GetPublicKeyCommand, { KeyId: KEY });
  });

  it('asks again after a failed GetPublicKey instead of keeping the failure', async () => {
    kms.on(GetPublicKeyCommand).rejectsOnce(Object.assign(new Error('timeout'), { name: 'TimeoutError' })).resolves(publicKeyReply);
    const s = signer();
    await expect(s.publicJwk()).rejects.toBeInstanceOf(SignerError);
    await expect(s.publicJwk()).resolves.toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(kms).toReceiveCommandTimes(GetPublicKeyCommand, 2);
  });

  it.each([
    ['an RSA key', { KeySpec: 'RSA_2048' as const }],
    ['a key for encryption', { KeyUsage: 'ENCRYPT_DECRYPT' as const }],
    ['a key without ECDSA_SHA_256', { SigningAlgorithms: ['ECDSA_SHA_384' as const] }],
  ])('refuses %s with SignerError', async (_label, change) => {
    kms.on(GetPublicKeyCommand).resolves({ ...publicKeyReply, ...change });
    await expect(signer().publicJwk()).rejects.toBeInstanceOf(SignerError);
  });
});

describe('DER ECDSA signature to r || s', () => {
  const der = (r: number[], s: number[]) => Uint8Array.from([0x30, r.length + s.length + 4, 0x02, r.length, ...r, 0x02, s.length, ...s]);
  const n = (length: number, fill: number) => Array.from({ length }, () => fill);

  it.each([
    ['32-byte halves', der(n(32, 0x11), n(32, 0x22)), [...n(32, 0x11), ...n(32, 0x22)]],
    ['a high-bit r with its 0x00 sign byte', der([0x00, ...n(32, 0x81)], n(32, 0x22)), [...n(32, 0x81), ...n(32, 0x22)]],
    ['a short s, left-padded', der(n(32, 0x11), n(31, 0x22)), [...n(32, 0x11), 0x00, ...n(31, 0x22)]],
    ['a one-byte r', der([0x05], n(32, 0x22)), [...n(31, 0x00), 0x05, ...n(32, 0x22)]],
  ])('reads %s', (_label, input, expected) => {
    expect([...derToJoseSignature(input)]).toEqual(expected);
  });

  it.each([
    ['not a SEQUENCE', Uint8Array.from([0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01])],
    ['a wrong SEQUENCE length', Uint8Array.from([0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01])],
    ['a negative INTEGER', Uint8Array.from([0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01])],
    ['an INTEGER of 33 value bytes', der(n(33, 0x11), n(32, 0x22))],
    ['trailing bytes', Uint8Array.from([0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00])],
    ['an empty input', new Uint8Array(0)],
  ])('refuses %s', (_label, input) => {
    expect(() => derToJoseSignature(input)).toThrow(/not a DER ECDSA signature/);
  });

  it('agrees with node:crypto on many real signatures', () => {
    for (let i = 0; i < 200; i += 1) {
      const message = Buffer.from(`message ${i}`);
      const fromDer = derToJoseSignature(sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }));
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, fromDer)).toBe(true);
    }
  });
});
