/**
 * C2SP signed notes: a text, a blank line, and signature lines `— <name> base64(keyID
 * || signature)`; verifier keys (vkeys) `<name>+<hex keyID>+base64(type || public key)`.
 * The signature types CrossCheck reads and writes:
 * - 0x01 Ed25519 over the note text; key ID = SHA-256(name || "\n" || 0x01 || key)[:4]
 *   (golang.org/x/mod/sumdb/note);
 * - 0x02 ECDSA P-256, ASN.1 DER over SHA-256 of the note text; key ID = SHA-256(SPKI DER)[:4]
 *   (transparency-dev/formats note.NewECDSAVerifier);
 * - 0x04 Ed25519 cosignature/v1 (c2sp.org/tlog-cosignature): a big-endian u64 timestamp,
 *   then Ed25519 over "cosignature/v1\ntime <t>\n" || note text; key ID with 0x04.
 * Computation only (node:crypto), no I/O.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { CrossCheckError } from '../errors.ts';

export const SIG_ED25519 = 0x01;
export const SIG_ECDSA = 0x02;
export const SIG_COSIGNATURE_V1 = 0x04;

export type SignatureType = typeof SIG_ED25519 | typeof SIG_ECDSA | typeof SIG_COSIGNATURE_V1;

/** Signature lines a verifier reads at most (the spec asks for at least 16). */
export const MAX_SIGNATURES = 32;

export class NoteError extends CrossCheckError {}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The signature bytes after the key ID. */
  readonly signature: Uint8Array;
}

export interface SignedNote {
  /** The note text, final newline included. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

const sha256 = (...parts: Array<Uint8Array | string>): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export function checkKeyName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name)) throw new NoteError(`key name "${name}" must be non-empty, without spaces or "+"`);
}

/** The key ID of a key of `type`: SHA-256(SPKI DER)[:4] for ECDSA, SHA-256(name || "\n" || type || key)[:4] otherwise. */
export function noteKeyId(name: string, type: SignatureType, publicKey: Uint8Array): number {
  const digest = type === SIG_ECDSA ? sha256(publicKey) : sha256(name, '\n', Uint8Array.of(type), publicKey);
  return digest.readUInt32BE(0);
}

export function formatVerifierKey(name: string, type: SignatureType, publicKey: Uint8Array): string {
  checkKeyName(name);
  const id = noteKeyId(name, type, publicKey).toString(16).padStart(8, '0');
  return `${name}+${id}+${Buffer.concat([Uint8Array.of(type), publicKey]).toString('base64')}`;
}

export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: SignatureType;
  /** The key material as the vkey carries it: SPKI DER for ECDSA, 32 raw bytes for Ed25519. */
  readonly publicKey: Uint8Array;
  readonly key: KeyObject;
  readonly text: string;
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Reads a vkey; NoteError saying what is wrong (the key ID must be the one its key gives). */
export function parseVerifierKey(text: string): VerifierKey {
  const trimmed = text.trim();
  // The base64 key may itself hold "+": only the first two separate (as Go's strings.SplitN(key, "+", 3)).
  const first = trimmed.indexOf('+');
  const second = first < 0 ? -1 : trimmed.indexOf('+', first + 1);
  if (second < 0) throw new NoteError('a verifier key is <name>+<hex key ID>+<base64 key>');
  const [name, hexId, b64] = [trimmed.slice(0, first), trimmed.slice(first + 1, second), trimmed.slice(second + 1)];
  checkKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(hexId)) throw new NoteError(`key ID "${hexId}" must be 8 lowercase hex digits`);
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length < 2 || bytes.toString('base64') !== b64) throw new NoteError('the key is not valid base64');
  const type = bytes[0]!;
  const publicKey = new Uint8Array(bytes.subarray(1));
  let key: KeyObject;
  try {
    if (type === SIG_ECDSA) {
      key = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' });
      if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new NoteError('an ECDSA verifier key must be a P-256 key');
    } else if (type === SIG_ED25519 || type === SIG_COSIGNATURE_V1) {
      if (publicKey.length !== 32) throw new NoteError(`an Ed25519 key has 32 bytes, this one ${publicKey.length}`);
      key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    } else {
      throw new NoteError(`signature type 0x${type.toString(16).padStart(2, '0')} is not supported (0x01 Ed25519, 0x02 ECDSA, 0x04 cosignature/v1)`);
    }
  } catch (error) {
    if (error instanceof NoteError) throw error;
    throw new NoteError(`the public key cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const keyId = noteKeyId(name, type as SignatureType, publicKey);
  if (keyId !== Number.parseInt(hexId, 16)) throw new NoteError(`key ID ${hexId} does not belong to this key (its ID is ${keyId.toString(16).padStart(8, '0')})`);
  return { name, keyId, type: type as SignatureType, publicKey, key, text: trimmed };
}

export function signatureLine({ name, keyId, signature }: NoteSignature): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(keyId);
  return `\u2014 ${name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

export function formatSignedNote(text: string, signatures: readonly NoteSignature[]): string {
  if (!text.endsWith('\n')) throw new NoteError('a note text ends with a newline');
  return `${text}\n${signatures.map(signatureLine).join('')}`;
}

/** Splits a signed note into its text and signatures; NoteError when it is malformed. */
export function parseSignedNote(note: string): SignedNote {
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new NoteError('a note must not contain control characters other than newline');
  if (!note.endsWith('\n')) throw new NoteError('a signed note ends with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('no blank line separates the text from the signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line, i) => {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+=*)$/.exec(line);
    if (!match) throw new NoteError(`signature line ${i + 1} is not "— <name> <base64>"`);
    const bytes = Buffer.from(match[2]!, 'base64');
    if (bytes.length < 5) throw new NoteError(`signature line ${i + 1} is too short`);
    return { name: match[1]!, keyId: bytes.readUInt32BE(0), signature: new Uint8Array(bytes.subarray(4)) };
  });
  return { text, signatures };
}

/** The message a cosignature/v1 signs. */
export function cosignedMessage(text: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`, 'utf8');
}

/** Whether `sig` is a valid signature of `key` over the note text. */
export function verifyNoteSignature(key: VerifierKey, text: string, signature: Uint8Array): boolean {
  const message = Buffer.from(text, 'utf8');
  try {
    switch (key.type) {
      case SIG_ECDSA:
        return verify('sha256', message, { key: key.key, dsaEncoding: 'der' }, signature);
      case SIG_ED25519:
        return signature.length === 64 && verify(null, message, key.key, signature);
      case SIG_COSIGNATURE_V1: {
        if (signature.length !== 72) return false;
        const timestamp = Buffer.from(signature.subarray(0, 8)).readBigUInt64BE(0);
        if (timestamp > 2n ** 63n - 1n) return false;
        return verify(null, cosignedMessage(text, Number(timestamp)), key.key, signature.subarray(8));
      }
    }
  } catch {
    return false;
  }
}

/** The timestamp of a cosignature/v1 signature (seconds). */
export const cosignatureTime = (signature: Uint8Array): number => Number(Buffer.from(signature.subarray(0, 8)).readBigUInt64BE(0));

export interface VerifiedNote {
  readonly text: string;
  /** The known keys whose signatures verified, by vkey text. */
  readonly verifiedBy: readonly VerifierKey[];
  readonly signatures: readonly NoteSignature[];
}

/**
 * The spec's rules: signatures of unknown keys are ignored; a signature of a known key
 * (same name and key ID) that does not verify rejects the note; without at least one
 * verified signature of a known key the note is rejected.
 */
export function verifySignedNote(note: string, keys: readonly VerifierKey[]): VerifiedNote {
  const { text, signatures } = parseSignedNote(note);
  const verifiedBy: VerifierKey[] = [];
  for (const sig of signatures) {
    const key = keys.find((k) => k.name === sig.name && k.keyId === sig.keyId);
    if (key === undefined) continue;
    if (!verifyNoteSignature(key, text, sig.signature)) throw new NoteError(`the signature of ${key.name} (key ${key.keyId.toString(16).padStart(8, '0')}) does not verify`);
    if (!verifiedBy.includes(key)) verifiedBy.push(key);
  }
  if (verifiedBy.length === 0) throw new NoteError(`no signature of a known key (${keys.map((k) => `${k.name}+${k.keyId.toString(16).padStart(8, '0')}`).join(', ') || 'none given'})`);
  return { text, verifiedBy, signatures };
}

/** ES256's r || s (64 bytes) as the ASN.1 DER signature ECDSA notes carry. */
export function rawEcdsaToDer(raw: Uint8Array): Uint8Array {
  if (raw.length !== 64) throw new NoteError(`an ES256 signature is 64 bytes, got ${raw.length}`);
  const integer = (half: Uint8Array): Buffer => {
    let start = 0;
    while (start < half.length - 1 && half[start] === 0) start++;
    const body = half.subarray(start);
    const padded = body[0]! & 0x80 ? Buffer.concat([Uint8Array.of(0), body]) : Buffer.from(body);
    return Buffer.concat([Uint8Array.of(0x02, padded.length), padded]);
  };
  const body = Buffer.concat([integer(raw.subarray(0, 32)), integer(raw.subarray(32))]);
  return new Uint8Array(Buffer.concat([Uint8Array.of(0x30, body.length), body]));
}
