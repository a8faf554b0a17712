/**
 * One ledger entry, checked on its own: the ES256 signature against the JWKS (with
 * jose), the protected header, and the payload's shape. Chain links are the caller's.
 */
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { ValidationError } from '../core/errors.ts';
import { LEDGER_JWS_TYP, parseLedgerPayload, type ParsedLedgerPayload } from '../core/ledger/index.ts';

export interface LedgerEntryInput {
  readonly seq: number;
  readonly jws: string;
}

export interface SignedEntry {
  readonly seq: number;
  readonly jws: string;
  readonly kid: string;
  readonly payload: ParsedLedgerPayload;
}

export type KeySet = ReturnType<typeof createLocalJWKSet>;

/** The JWKS as jose's key resolver; ValidationError when it is not a JWKS. */
export function keySetOf(jwks: JSONWebKeySet): KeySet {
  try {
    return createLocalJWKSet(jwks);
  } catch (error) {
    throw new ValidationError([{ path: 'jwks', message: `not a JSON Web Key Set: ${(error as Error).message}` }]);
  }
}

export type EntryCheck = { ok: true; entry: SignedEntry } | { ok: false; reason: string };

/** Three base64url parts and nothing else: no padding, no whitespace. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Why `jws` is not exactly the text that was signed, or null. The header and payload
 * parts are themselves the signing input, so any change to them breaks the signature;
 * the signature part is decoded, and base64url decoding drops the unused low bits of its
 * last character (and jose tolerates surrounding whitespace), so `...Q` and `...R` would
 * both verify. An entry's identity is the SHA-256 of its text (the next entry's `prev`),
 * so only the canonical text is the entry.
 */
function nonCanonical(jws: string): string | null {
  if (!COMPACT_JWS.test(jws)) return 'not a compact JWS (three base64url parts, no padding or whitespace)';
  const signature = jws.slice(jws.lastIndexOf('.') + 1);
  if (Buffer.from(signature, 'base64url').toString('base64url') !== signature) return 'signature is not canonical base64url';
  return null;
}

/** Reasons read `signature does not verify`, `payload seq is 5`, ...; the caller adds `entry seq N: `. */
export async function checkEntrySignature(input: LedgerEntryInput, keys: KeySet): Promise<EntryCheck> {
  if (typeof input.jws !== 'string') return { ok: false, reason: 'jws is not a string' };
  const malformed = nonCanonical(input.jws);
  if (malformed !== null) return { ok: false, reason: malformed };
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    verified = await compactVerify(input.jws, keys, { algorithms: ['ES256'] });
  } catch (error) {
    return { ok: false, reason: signatureProblem(input.jws, error) };
  }
  const { protectedHeader, payload: bytes } = verified;
  if (protectedHeader.typ !== LEDGER_JWS_TYP) {
    return { ok: false, reason: `header typ is ${JSON.stringify(protectedHeader.typ)}, not ${LEDGER_JWS_TYP}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, reason: 'payload is not JSON' };
  }
  const parsed = parseLedgerPayload(json);
  if (!parsed.ok) return { ok: false, reason: `payload ${parsed.problem}` };
  if (parsed.payload.seq !== input.seq) return { ok: false, reason: `payload says seq ${parsed.payload.seq}` };
  return { ok: true, entry: { seq: input.seq, jws: input.jws, kid: String(protectedHeader.kid), payload: parsed.payload } };
}

function signatureProblem(jws: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const kid = headerKid(jws);
  switch (code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature does not verify';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return `no key in the JWKS matches kid ${JSON.stringify(kid)}`;
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return `more than one key in the JWKS matches kid ${JSON.stringify(kid)}`;
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'alg is not ES256';
    default:
      return `not a valid JWS (${(error as Error).message})`;
  }
}

function headerKid(jws: string): unknown {
  try {
    return decodeProtectedHeader(jws).kid;
  } catch {
    return undefined;
  }
}
