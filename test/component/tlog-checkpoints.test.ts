/**
 * Checkpoints signed after appends, with the local keys: the ledger key (ECDSA note
 * signature 0x02) and the Ed25519 note key file; verified with the vkeys alone, batched
 * under a burst of appends, consistent with each other.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import 'aws-sdk-client-mock-vitest/extend';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createKmsEd25519NoteSigner } from '../../functions/adapters/aws/kms/ed25519-note-signer.ts';
import { openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { NOTE_KEY_FILE, openLocalNoteSigner } from '../../functions/adapters/local/note-key.ts';
import { openLocalSigner } from '../../functions/adapters/local/signer.ts';
import { SignerError } from '../../functions/core/errors.ts';
import { parseCheckpoint } from '../../functions/core/tlog/checkpoint.ts';
import { parseSignedNote, parseVerifierKey, verifySignedNote } from '../../functions/core/tlog/note.ts';
import { ledgerLeafHash, toBase64 } from '../../functions/core/tlog/rfc6962.ts';
import { consistencyProof, TreeBuilder } from '../../functions/core/tlog/tree.ts';
import { verifyConsistency } from '../../functions/core/tlog/verify.ts';
import { checkpointingWriter, createCheckpointer } from '../../functions/services/checkpoints.ts';
import { createLedgerWriter } from '../../functions/services/ledger.ts';
import { ecdsaNoteSigner } from '../../functions/services/note-signers.ts';

const ORIGIN = 'crosscheck.test/ledger';
const dirs: string[] = [];
const stores: LocalStores[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function world() {
  const dir = mkdtempSync(join(tmpdir(), 'crosscheck-tlog-'));
  dirs.push(dir);
  const s = openLocalStores({ path: ':memory:' });
  stores.push(s);
  const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
  const origin = () => s.log.origin(ORIGIN);
  const ecdsa = ecdsaNoteSigner(signer, origin);
  const ed25519 = await openLocalNoteSigner(dir, { origin: ORIGIN, logHasCheckpoints: false });
  const checkpointer = createCheckpointer({ ledger: s.ledger, log: s.log, signers: [ecdsa, ed25519] });
  const writer = checkpointingWriter(createLedgerWriter({ ledger: s.ledger, signer, clock: { now: () => Date.parse('2026-12-04T12:00:00Z') } }), checkpointer, (error) => {
    throw error;
  });
  const vkeys = [(await ecdsa.describe()).vkey, (await ed25519.describe()).vkey];
  return { dir, s, writer, vkeys, checkpointer };
}

const append = (writer: { append: (input: { type: 'monitor.created'; key: string; body: Record<string, unknown> }) => Promise<unknown> }, n: number) =>
  writer.append({ type: 'monitor.created', key: `monitor.created:m${n}`, body: { monitor: { id: `m${n}`, name: `m${n}` } } });

describe('checkpoints after appends', () => {
  it('sign the tree of every entry: verified by each vkey alone, the root recomputed from the entries', async () => {
    const { s, writer, vkeys } = await world();
    for (let n = 1; n <= 5; n++) await append(writer, n);
    const latest = (await s.log.latestCheckpoint())!;
    expect(latest.size).toBe(5);
    for (const vkey of vkeys) expect(verifySignedNote(latest.note, [parseVerifierKey(vkey)]).verifiedBy).toHaveLength(1);
    expect(vkeys.map((vkey) => vkey.split('+')[0])).toEqual([ORIGIN, ORIGIN]);
    expect(vkeys.map((vkey) => Buffer.from(vkey.slice(vkey.indexOf('+', ORIGIN.length + 1) + 1), 'base64')[0])).toEqual([0x02, 0x01]);
    const checkpoint = parseCheckpoint(parseSignedNote(latest.note).text);
    const builder = new TreeBuilder();
    for (const r of await s.ledger.range(0, 10)) builder.addLeafHash(ledgerLeafHash(r.jws));
    expect(checkpoint).toMatchObject({ origin: ORIGIN, size: 5 });
    expect(toBase64(checkpoint.root)).toBe(toBase64(builder.root()));
  });

  it('batch a burst of appends: fewer checkpoints than entries, the last covering them all, each consistent with the one before', async () => {
    const { s, writer } = await world();
    await Promise.all(Array.from({ length: 12 }, (_, i) => append(writer, i + 1)));
    const sizes = [];
    for (let size = 1; size <= 12; size++) if (await s.log.checkpointAt(size)) sizes.push(size);
    expect(sizes.length).toBeLessThan(12);
    expect(sizes.at(-1)).toBe(12);
    for (let i = 1; i < sizes.length; i++) {
      const [a, b] = [sizes[i - 1]!, sizes[i]!];
      const rootA = parseCheckpoint(parseSignedNote((await s.log.checkpointAt(a))!.note).text).root;
      const rootB = parseCheckpoint(parseSignedNote((await s.log.checkpointAt(b))!.note).text).root;
      verifyConsistency(a, b, await consistencyProof(a, b, (nodes) => s.log.readNodes(nodes)), rootA, rootB);
    }
  });

  it('an append that is a repeat (same key) signs nothing new', async () => {
    const { s, writer, checkpointer } = await world();
    await append(writer, 1);
    const first = await s.log.latestCheckpoint();
    await append(writer, 1);
    expect(await s.log.latestCheckpoint()).toEqual(first);
    expect(await checkpointer.checkpoint()).toEqual(first);
  });

  it('a checkpoint that cannot be signed does not fail the append; the next append\'s checkpoint covers both entries', async () => {
    const { s: stores, dir } = await world();
    const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
    let broken = true;
    const flaky = { describe: async () => ({ name: ORIGIN, keyId: 1, type: 0x01 as const, vkey: 'unused' }), sign: async () => {
      if (broken) throw new SignerError('key throttled');
      return new Uint8Array(64);
    } };
    const errors: unknown[] = [];
    const writer = checkpointingWriter(
      createLedgerWriter({ ledger: stores.ledger, signer, clock: { now: () => Date.parse('2026-12-04T12:00:00Z') } }),
      createCheckpointer({ ledger: stores.ledger, log: stores.log, signers: [flaky] }),
      (error) => errors.push(error),
    );
    await append(writer, 1);
    expect(errors).toHaveLength(1);
    expect(await stores.ledger.head()).toMatchObject({ seq: 1 });
    expect(await stores.log.latestCheckpoint()).toBeNull();
    broken = false;
    await append(writer, 2);
    expect((await stores.log.latestCheckpoint())?.size).toBe(2);
  });

  it('keep the Ed25519 key in the form Go\'s sumdb/note reads, mode 0600, and refuse it for another origin or when it is gone', async () => {
    const { dir } = await world();
    const text = readFileSync(join(dir, NOTE_KEY_FILE), 'utf8');
    expect(text).toMatch(/^PRIVATE\+KEY\+crosscheck\.test\/ledger\+[0-9a-f]{8}\+A[Q-f]/); // 0x01, then the seed
    expect(statSync(join(dir, NOTE_KEY_FILE)).mode & 0o777).toBe(0o600);
    await expect(openLocalNoteSigner(dir, { origin: 'other.test/ledger', logHasCheckpoints: true })).rejects.toThrow(/is for the log crosscheck.test\/ledger/);
    rmSync(join(dir, NOTE_KEY_FILE));
    await expect(openLocalNoteSigner(dir, { origin: ORIGIN, logHasCheckpoints: true })).rejects.toThrow(SignerError);
  });
});

describe('Ed25519 note signer on KMS (moto has no Ed25519 keys: aws-sdk-client-mock, signing with a local key)', () => {
  it('asks for ED25519_SHA_512 over the RAW note text, and the note verifies with its vkey', async () => {
    const kms = mockClient(KMSClient);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    kms.on(GetPublicKeyCommand).resolves({ KeySpec: 'ECC_NIST_EDWARDS25519', PublicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })) });
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({ Signature: new Uint8Array(sign(null, input.Message, privateKey)) }));
    const signer = createKmsEd25519NoteSigner({ keyId: 'alias/note', region: 'eu-west-1', origin: async () => ORIGIN, client: new KMSClient({ region: 'eu-west-1' }) });
    const { vkey, keyId, name } = await signer.describe();
    const text = `${ORIGIN}\n1\n${toBase64(ledgerLeafHash('a.b.c'))}\n`;
    const sig = await signer.sign(Buffer.from(text));
    expect(kms).toHaveReceivedCommandWith(SignCommand, { KeyId: 'alias/note', MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' });
    const note = `${text}\n\u2014 ${name} ${Buffer.concat([Buffer.from(keyId.toString(16).padStart(8, '0'), 'hex'), sig]).toString('base64')}\n`;
    expect(verifySignedNote(note, [parseVerifierKey(vkey)]).verifiedBy).toHaveLength(1);
    kms.restore();
  });

  it('refuses a key that is not ECC_NIST_EDWARDS25519', async () => {
    const kms = mockClient(KMSClient);
    kms.on(GetPublicKeyCommand).resolves({ KeySpec: 'ECC_NIST_P256', PublicKey: new Uint8Array(8) });
    const signer = createKmsEd25519NoteSigner({ keyId: 'k', region: 'eu-west-1', origin: async () => ORIGIN, client: new KMSClient({ region: 'eu-west-1' }) });
    await expect(signer.describe()).rejects.toThrow(/must be ECC_NIST_EDWARDS25519/);
    kms.restore();
  });
});
