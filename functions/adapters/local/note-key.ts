/**
 * The local log's Ed25519 note key (the signature the public witness network asks of a
 * checkpoint), kept in the data folder in the form Go's golang.org/x/mod/sumdb/note reads
 * with note.NewSigner: `PRIVATE+KEY+<origin>+<hex key ID>+base64(0x01 || 32-byte seed)`,
 * mode 0600, generated on first use. Its name is the log's origin; a key made for another
 * origin is refused, as a missing key next to signed checkpoints is (a new key would
 * silently change the log's identity to its witnesses).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignerError } from '../../core/errors.ts';
import { ed25519NoteKey } from '../../core/tlog/keys.ts';
import { ed25519FromSeed, formatNotePrivateKey, parseNotePrivateKey } from '../../core/tlog/note-key-file.ts';
import type { NoteSigner } from '../../ports/note-signer.ts';

export const NOTE_KEY_FILE = 'ledger-note-ed25519.key';

export interface LocalNoteKeyOptions {
  readonly origin: string;
  /** Whether checkpoints were signed already: then a missing key is an error, not a new key. */
  readonly logHasCheckpoints: boolean;
}

export async function openLocalNoteSigner(dataDir: string, options: LocalNoteKeyOptions): Promise<NoteSigner & { readonly keyPath: string }> {
  const keyPath = join(dataDir, NOTE_KEY_FILE);
  let text: string | null = null;
  try {
    text = await readFile(keyPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new SignerError(`note key ${keyPath} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let seed: Uint8Array;
  if (text === null) {
    if (options.logHasCheckpoints) {
      throw new SignerError(`the log has signed checkpoints but its Ed25519 note key ${keyPath} is missing; restore it from backup (a new key would change the log's identity to its witnesses)`);
    }
    seed = new Uint8Array(Buffer.from(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }).d!, 'base64url'));
    await writeFile(keyPath, formatNotePrivateKey(options.origin, seed), { mode: 0o600, flag: 'wx' });
  } else {
    let parsed;
    try {
      parsed = parseNotePrivateKey(text);
    } catch (error) {
      throw new SignerError(`note key ${keyPath} is corrupt (${(error as Error).message})`, { cause: error });
    }
    if (parsed.name !== options.origin) throw new SignerError(`note key ${keyPath} is for the log ${parsed.name}, not ${options.origin}`);
    seed = parsed.seed;
    if (((await stat(keyPath)).mode & 0o077) !== 0) await chmod(keyPath, 0o600);
  }
  const { privateKey, publicKey } = ed25519FromSeed(seed);
  const description = ed25519NoteKey(options.origin, publicKey);
  return {
    keyPath,
    describe: async () => description,
    sign: async (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}
