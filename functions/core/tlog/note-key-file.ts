/**
 * An Ed25519 note private key in the text form of Go's golang.org/x/mod/sumdb/note
 * (note.NewSigner): `PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || 32-byte seed)`.
 * The log's Ed25519 key and a witness's key are kept this way. Computation only.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { noteKeyId, SIG_ED25519 } from './note.ts';

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function ed25519FromSeed(seed: Uint8Array): { privateKey: KeyObject; publicKey: Uint8Array } {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = new Uint8Array(Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url'));
  return { privateKey, publicKey };
}

/** Reads `PRIVATE+KEY+name+id+key`; an Error saying what is wrong. */
export function parseNotePrivateKey(text: string): { name: string; seed: Uint8Array } {
  // The base64 key may hold "+" itself: only the first four separate.
  const parts = text.trim().split('+');
  if (parts.length < 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new Error('not a note private key (PRIVATE+KEY+<name>+<id>+<key>)');
  const [name, hexId, b64] = [parts[2]!, parts[3]!, parts.slice(4).join('+')];
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length !== 33 || bytes[0] !== SIG_ED25519) throw new Error('the key is not an Ed25519 seed (0x01 and 32 bytes)');
  const seed = new Uint8Array(bytes.subarray(1));
  const id = noteKeyId(name, SIG_ED25519, ed25519FromSeed(seed).publicKey).toString(16).padStart(8, '0');
  if (id !== hexId) throw new Error(`the key ID ${hexId} does not belong to the key (${id})`);
  return { name, seed };
}

export function formatNotePrivateKey(name: string, seed: Uint8Array): string {
  const id = noteKeyId(name, SIG_ED25519, ed25519FromSeed(seed).publicKey).toString(16).padStart(8, '0');
  return `PRIVATE+KEY+${name}+${id}+${Buffer.concat([Uint8Array.of(SIG_ED25519), seed]).toString('base64')}\n`;
}
