/**
 * The local mode's ledger signer: a P-256 key kept as a private JWK in the data folder
 * (mode 0600), generated on first use. A missing or corrupt key next to a ledger that
 * already has entries stops startup: a silent new key would leave every existing entry
 * unverifiable under the published JWKS.
 */
import { createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { SignerError } from '../../core/errors.ts';
import { MAX_SIGNING_INPUT_BYTES } from '../../core/ledger/jws.ts';
import { parseSigningKeyJwk, type PrivateSigningJwk } from '../../core/ledger/signing-key.ts';
import type { PublicJwk, Signer } from '../../ports/signer.ts';

/** The key file's name inside the data folder. */
export const SIGNING_KEY_FILE = 'ledger-signing-key.jwk.json';

export interface LocalSignerOptions {
  /** Whether the ledger already holds entries (e.g. `(await ledger.head()) !== null`). */
  readonly ledgerHasEntries: boolean;
  /** The ledger's head seq, only to say how many entries are at stake in an error. */
  readonly ledgerHead?: number;
}

export interface LocalSigner extends Signer {
  readonly keyPath: string;
  readonly kid: string;
  /** true when this call generated the key. */
  readonly created: boolean;
}

type PrivateJwk = PrivateSigningJwk;

export async function openLocalSigner(dataDir: string, options: LocalSignerOptions): Promise<LocalSigner> {
  const keyPath = join(dataDir, SIGNING_KEY_FILE);
  let text: string | null;
  try {
    text = await readFile(keyPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new SignerError(`signing key ${keyPath} cannot be read: ${(error as Error).message}`, { cause: error });
    }
    text = null;
  }

  let created = false;
  let jwk: PrivateJwk;
  if (text === null) {
    if (options.ledgerHasEntries) throw new SignerError(atStake(options, `signing key ${keyPath} is missing`));
    jwk = await createKeyFile(dataDir, keyPath);
    created = true;
  } else {
    try {
      jwk = parseSigningKeyJwk(text);
    } catch (error) {
      const problem = `signing key ${keyPath} is corrupt (${(error as Error).message})`;
      throw new SignerError(
        options.ledgerHasEntries
          ? atStake(options, problem)
          : `${problem}; the ledger is empty, so you may delete the file and a new key will be generated`,
        { cause: error },
      );
    }
    await tightenMode(keyPath);
  }
  return localSigner(keyPath, jwk, created);
}

function atStake(options: LocalSignerOptions, problem: string): string {
  const entries = options.ledgerHead === undefined ? 'entries' : `${options.ledgerHead} entries`;
  return (
    `the ledger has ${entries} but ${problem}; restore the key file from backup. ` +
    'A new key would make the existing entries unverifiable against the published JWKS, so none is generated.'
  );
}

async function localSigner(keyPath: string, jwk: PrivateJwk, created: boolean): Promise<LocalSigner> {
  const privateKey = createPrivateKey({ key: { ...jwk }, format: 'jwk' });
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'sha256');
  const publicJwk: PublicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' };
  return {
    keyPath,
    kid,
    created,
    publicJwk: async () => publicJwk,
    sign: async (signingInput) => {
      if (signingInput.length > MAX_SIGNING_INPUT_BYTES) {
        throw new SignerError(`signing input is ${signingInput.length} bytes, over the ${MAX_SIGNING_INPUT_BYTES}-byte limit`);
      }
      try {
        return new Uint8Array(sign('sha256', signingInput, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
      } catch (error) {
        throw new SignerError(`signing with ${keyPath} failed: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}

/**
 * Writes a new key to a temporary file (mode 0600, flushed) and links it into place:
 * `link` fails when another process created the key first, in which case that key wins.
 */
async function createKeyFile(dataDir: string, keyPath: string): Promise<PrivateJwk> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const exported = privateKey.export({ format: 'jwk' });
  const jwk = { kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y, d: exported.d } as PrivateJwk;
  const temp = `${keyPath}.${randomUUID()}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(jwk, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, keyPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new SignerError(`cannot write signing key ${keyPath}: ${(error as Error).message}`, { cause: error });
    try {
      return parseSigningKeyJwk(await readFile(keyPath, 'utf8'));
    } catch (raced) {
      throw new SignerError(`signing key ${keyPath} appeared while generating one and is corrupt (${(raced as Error).message})`, { cause: raced });
    }
  } finally {
    await unlink(temp);
  }
  return jwk;
}

/** A key readable by others is made private again (as ssh insists on). */
async function tightenMode(keyPath: string): Promise<void> {
  const { mode } = await stat(keyPath);
  if ((mode & 0o077) !== 0) await chmod(keyPath, 0o600);
}
