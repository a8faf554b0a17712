/** Signed notes, verifier keys, checkpoints and tlog-proof texts, against the specs' own examples. */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, parseCheckpoint } from '../../functions/core/tlog/checkpoint.ts';
import {
  SIG_COSIGNATURE_V1,
  SIG_ECDSA,
  SIG_ED25519,
  cosignedMessage,
  formatSignedNote,
  formatVerifierKey,
  parseSignedNote,
  parseVerifierKey,
  rawEcdsaToDer,
  verifySignedNote,
} from '../../functions/core/tlog/note.ts';
import { formatTlogProof, parseTlogProof } from '../../functions/core/tlog/proof-text.ts';
import { hashLeaf } from '../../functions/core/tlog/rfc6962.ts';

// c2sp.org/signed-note, "Example".
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE = 'This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

function ecdsaKey(name: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  const vkey = parseVerifierKey(formatVerifierKey(name, SIG_ECDSA, spki));
  return { vkey, sign: (text: string) => new Uint8Array(sign('sha256', Buffer.from(text), { key: privateKey, dsaEncoding: 'der' })) };
}

describe('signed notes', () => {
  it('verify the signed-note spec example with its vkey', () => {
    const key = parseVerifierKey(SPEC_VKEY);
    expect(key.type).toBe(SIG_ED25519);
    expect(verifySignedNote(SPEC_NOTE, [key]).text).toBe('This is an example message.\n');
  });

  it('refuse a changed text, and a note with no known key', () => {
    const key = parseVerifierKey(SPEC_VKEY);
    expect(() => verifySignedNote(SPEC_NOTE.replace('example', 'exemple'), [key])).toThrow(/does not verify/);
    const other = ecdsaKey('example.com/foo');
    expect(() => verifySignedNote(SPEC_NOTE, [other.vkey])).toThrow(/no signature of a known key/);
  });

  it('ECDSA: key ID is SHA-256 of the SPKI, the signature DER over SHA-256 of the text', () => {
    const key = ecdsaKey('log.example/ledger');
    const text = formatCheckpoint({ origin: 'log.example/ledger', size: 3, root: hashLeaf(new Uint8Array()) });
    const note = formatSignedNote(text, [{ name: 'log.example/ledger', keyId: key.vkey.keyId, signature: key.sign(text) }]);
    expect(verifySignedNote(note, [key.vkey]).verifiedBy).toEqual([key.vkey]);
    expect(parseCheckpoint(parseSignedNote(note).text)).toMatchObject({ origin: 'log.example/ledger', size: 3 });
  });

  it('a vkey whose ID does not belong to its key is refused', () => {
    const [name, , key] = SPEC_VKEY.split('+');
    expect(() => parseVerifierKey(`${name}+00000000+${key}`)).toThrow(/does not belong to this key/);
    expect(() => parseVerifierKey('no-plus')).toThrow('<name>+<hex key ID>+<base64 key>');
    // A base64 key with "+" in it is read whole (50 keys: some hold one).
    for (let i = 0; i < 50; i++) expect(ecdsaKey('k').vkey.name).toBe('k');
  });

  it('cosignature/v1: timestamp then Ed25519 over the prefixed checkpoint', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
    const vkey = parseVerifierKey(formatVerifierKey('witness.example', SIG_COSIGNATURE_V1, raw));
    const text = 'log.example\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
    const time = Buffer.alloc(8);
    time.writeBigUInt64BE(1_679_315_147n);
    const sig = Buffer.concat([time, sign(null, cosignedMessage(text, 1_679_315_147), privateKey)]);
    expect(cosignedMessage(text, 1_679_315_147).toString()).toBe(`cosignature/v1\ntime 1679315147\n${text}`);
    expect(verifySignedNote(formatSignedNote(text, [{ name: 'witness.example', keyId: vkey.keyId, signature: sig }]), [vkey]).verifiedBy).toHaveLength(1);
  });

  it('rawEcdsaToDer keeps small and high-bit halves valid DER', () => {
    const raw = new Uint8Array(64);
    raw[0] = 0x80;
    raw[63] = 1;
    expect(Buffer.from(rawEcdsaToDer(raw)).subarray(0, 5).toString('hex')).toBe('3026022100');
  });

  it.each([
    ['no blank line', 'a\n\u2014 x AAAAAAA=\n', /no blank line/],
    ['a bad line', 'a\n\nnot a signature\n', /signature line 1/],
    ['a tab', 'a\tb\n\n\u2014 x AAAAAAA=\n', /control characters/],
  ])('a note with %s is refused', (_what, note, message) => {
    expect(() => parseSignedNote(note)).toThrow(message);
  });
});

describe('checkpoints', () => {
  it.each([
    ['two lines', 'o\n1\n', /at least three lines/],
    ['a leading zero', 'o\n01\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n', /leading zeros/],
    ['a short root', 'o\n1\nAAAA\n', /base64 of 32 bytes/],
    ['a space in the origin', 'o o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n', /origin/],
    ['no final newline', 'o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', /end with a newline/],
  ])('with %s is refused', (_what, text, message) => {
    expect(() => parseCheckpoint(text)).toThrow(message);
  });
});

describe('tlog-proof@v1', () => {
  it('writes and reads the spec\'s layout', () => {
    const proof = [hashLeaf(Uint8Array.of(1)), hashLeaf(Uint8Array.of(2))];
    const checkpoint = 'example.com/fancylog\n109482\nsFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n\n\u2014 example.com/fancylog hI2DJw==\n';
    const text = formatTlogProof({ index: 73894, proof, checkpoint });
    expect(text.split('\n').slice(0, 2)).toEqual(['c2sp.org/tlog-proof@v1', 'index 73894']);
    expect(parseTlogProof(text)).toEqual({ index: 73894, proof, checkpoint });
    expect(() => parseTlogProof(text.replace('index 73894', 'index 073894'))).toThrow(/expected "index <n>"/);
  });
});
