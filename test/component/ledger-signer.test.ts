import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile, chmod, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalSigner, SIGNING_KEY_FILE } from '../../functions/adapters/local/signer.ts';
import { SignerError } from '../../functions/core/errors.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crosscheck-signer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openLocalSigner', () => {
  it('generates a P-256 key on first use, in a 0600 file, with an RFC 7638 kid', async () => {
    const signer = await openLocalSigner(join(dir, 'data'), { ledgerHasEntries: false });
    expect(signer.created).toBe(true);
    const file = join(dir, 'data', SIGNING_KEY_FILE);
    expect(signer.keyPath).toBe(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'data'))).toEqual([SIGNING_KEY_FILE]);

    const jwk = await signer.publicJwk();
    expect(jwk).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: signer.kid, alg: 'ES256', use: 'sig' });
    expect(jwk.kid).toBe(await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }));
    const stored = JSON.parse(await readFile(file, 'utf8'));
    expect(stored.d).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('signs with a 64-byte r||s signature that the public JWK verifies', async () => {
    const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
    const data = new TextEncoder().encode('header.payload');
    const signature = await signer.sign(data);
    expect(signature).toHaveLength(64);
    const { kid: _k, alg: _a, use: _u, ...jwk } = await signer.publicJwk();
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    expect(verify('sha256', new TextEncoder().encode('header.other'), { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(false);
  });

  it('refuses to sign more than 4096 bytes, like KMS', async () => {
    const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
    await expect(signer.sign(new Uint8Array(4097))).rejects.toThrow(SignerError);
  });

  it('reloads the same key (same kid) on the next start, and keeps it even with a ledger', async () => {
    const first = await openLocalSigner(dir, { ledgerHasEntries: false });
    const second = await openLocalSigner(dir, { ledgerHasEntries: true });
    expect(second.created).toBe(false);
    expect(second.kid).toBe(first.kid);
    expect(await second.publicJwk()).toEqual(await first.publicJwk());
  });

  it('makes a key file that others can read private again', async () => {
    const { keyPath } = await openLocalSigner(dir, { ledgerHasEntries: false });
    await chmod(keyPath, 0o644);
    await openLocalSigner(dir, { ledgerHasEntries: true });
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
  });

  it('two starts racing on an empty folder end up with one key', async () => {
    const [a, b] = await Promise.all([openLocalSigner(dir, { ledgerHasEntries: false }), openLocalSigner(dir, { ledgerHasEntries: false })]);
    const reloaded = await openLocalSigner(dir, { ledgerHasEntries: false });
    expect(new Set([a.kid, b.kid, reloaded.kid]).size).toBe(1);
  });

  it('a missing key with an existing ledger is a clear error, and no key is generated', async () => {
    const attempt = openLocalSigner(dir, { ledgerHasEntries: true, ledgerHead: 7 });
    await expect(attempt).rejects.toThrow(SignerError);
    await expect(openLocalSigner(dir, { ledgerHasEntries: true, ledgerHead: 7 })).rejects.toThrow(
      `the ledger has 7 entries but signing key ${join(dir, SIGNING_KEY_FILE)} is missing; restore the key file from backup`,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  const corruptions: [string, string | ((jwk: Record<string, string>) => string), RegExp][] = [
    ['not JSON', 'garbage', /not JSON/],
    ['another curve', (jwk) => JSON.stringify({ ...jwk, crv: 'P-384' }), /not an EC P-256 JWK/],
    ['no private part', (jwk) => JSON.stringify({ ...jwk, d: undefined }), /field d is missing or malformed/],
    ['halves that do not match', (jwk) => JSON.stringify({ ...jwk, d: Buffer.alloc(32, 1).toString('base64url') }), /does not match|not a usable key/],
  ];

  it.each(corruptions)('a corrupt key (%s) with an existing ledger is a clear error and is left in place', async (_name, corrupt, reason) => {
    const { keyPath } = await openLocalSigner(dir, { ledgerHasEntries: false });
    const original = JSON.parse(await readFile(keyPath, 'utf8'));
    const text = typeof corrupt === 'string' ? corrupt : corrupt(original);
    await writeFile(keyPath, text);
    const attempt = openLocalSigner(dir, { ledgerHasEntries: true, ledgerHead: 3 });
    await expect(attempt).rejects.toThrow(SignerError);
    await expect(openLocalSigner(dir, { ledgerHasEntries: true, ledgerHead: 3 })).rejects.toThrow(
      new RegExp(`the ledger has 3 entries but signing key .*${SIGNING_KEY_FILE} is corrupt \\(.*\\); restore the key file from backup`),
    );
    await expect(openLocalSigner(dir, { ledgerHasEntries: true })).rejects.toThrow(reason);
    expect(await readFile(keyPath, 'utf8')).toBe(text);
  });

  it('a corrupt key with an empty ledger is still an error, which says deleting it is safe', async () => {
    await writeFile(join(dir, SIGNING_KEY_FILE), '{}');
    await expect(openLocalSigner(dir, { ledgerHasEntries: false })).rejects.toThrow(/is corrupt .*the ledger is empty, so you may delete the file/);
  });
});
