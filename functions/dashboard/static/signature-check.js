/**
 * The signature check of ledger entries in the browser with WebCrypto: each entry's
 * ES256 signature against the published JWKS, and its `prev` link to the entry before
 * it. The same rules as `crosscheck ledger verify`: the signature covers
 * ASCII(header.payload) and is the raw 64-byte r||s; `prev` = base64url(SHA-256(ASCII of
 * the previous compact JWS)); entry 1 carries GENESIS_PREV. Pure computation, no fetching.
 */
import { decodeJws, toBase64url } from './jws.js';

/** `prev` of entry 1: base64url of 32 zero bytes. Mirrors GENESIS_PREV in functions/core/ledger/types.ts. */
export const GENESIS_PREV = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** A check that failed, with a reason fit to show. `code` 'unknown-key' invites a JWKS refresh. */
export class SignatureCheckError extends Error {
  /** @param {string} message @param {string} [code] */
  constructor(message, code = 'invalid') {
    super(message);
    this.name = 'SignatureCheckError';
    this.code = code;
  }
}

/** crypto.subtle exists only in secure contexts (https, localhost). */
export function webCryptoAvailable() {
  return typeof crypto !== 'undefined' && typeof crypto.subtle?.verify === 'function';
}

/**
 * A JSON Web Key set (RFC 7517) such as GET .well-known/jwks.json, with keys of any kind.
 * @typedef {{keys?: (JsonWebKey & {kid?: string})[]}} JwkSet
 */

/**
 * The ES256 keys of a JWK set, by kid. Keys that are not EC P-256 signing keys are skipped.
 * @param {JwkSet | null | undefined} jwks
 * @returns {Promise<Map<string, CryptoKey>>}
 */
export async function importKeys(jwks) {
  /** @type {Map<string, CryptoKey>} */
  const keys = new Map();
  const list = /** @type {JwkSet} */ (jwks ?? {}).keys;
  for (const jwk of Array.isArray(list) ? list : []) {
    if (!jwk || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.kid !== 'string') continue;
    if ((jwk.use ?? 'sig') !== 'sig' || (jwk.alg ?? 'ES256') !== 'ES256') continue;
    try {
      const publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true };
      keys.set(jwk.kid, await crypto.subtle.importKey('jwk', publicJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']));
    } catch {
      // A key the browser cannot import verifies nothing: its entries fail as "not in the JWKS".
    }
  }
  return keys;
}

/**
 * The `prev` an entry following `jws` must carry.
 * @param {string} jws
 */
export async function prevOf(jws) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(jws));
  return toBase64url(new Uint8Array(digest));
}

/**
 * Checks one entry's signature and its link to the entry before it.
 * @param {{seq: number, jws: string}} entry
 * @param {string | null} previousJws compact JWS of entry seq-1; ignored for seq 1
 * @param {Map<string, CryptoKey>} keys
 * @returns {Promise<{kid: string, payload: Record<string, unknown>}>} or throws SignatureCheckError
 */
export async function checkEntrySignature(entry, previousJws, keys) {
  const n = entry.seq;
  let decoded;
  try {
    decoded = decodeJws(entry.jws);
  } catch (error) {
    throw new SignatureCheckError(`entry #${n} is malformed: ${/** @type {Error} */ (error).message}`);
  }
  const { header, payload, signature, signingInput } = decoded;
  if (header.alg !== 'ES256') throw new SignatureCheckError(`entry #${n} uses algorithm ${String(header.alg)}, not ES256`);
  const kid = header.kid;
  if (typeof kid !== 'string') throw new SignatureCheckError(`entry #${n} names no signing key (kid)`);
  const key = keys.get(kid);
  if (!key) throw new SignatureCheckError(`entry #${n} is signed with key ${kid}, which the JWKS does not publish`, 'unknown-key');
  if (signature.length !== 64) throw new SignatureCheckError(`entry #${n}: the signature is ${signature.length} bytes, not 64`);
  const valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, signingInput);
  if (!valid) throw new SignatureCheckError(`entry #${n}: the signature does not match the signed content`);
  if (payload.seq !== n) throw new SignatureCheckError(`entry #${n} is signed as entry #${String(payload.seq)}`);
  await checkLink(n, payload.prev, previousJws);
  return { kid, payload };
}

/**
 * @param {number} n
 * @param {unknown} prev
 * @param {string | null} previousJws
 */
async function checkLink(n, prev, previousJws) {
  if (n === 1) {
    if (prev !== GENESIS_PREV) throw new SignatureCheckError('entry #1 does not start from the genesis value');
    return;
  }
  if (previousJws === null) throw new SignatureCheckError(`entry #${n - 1}, which entry #${n} follows, is missing from the ledger`);
  let previousSeq;
  try {
    previousSeq = decodeJws(previousJws).payload.seq;
  } catch {
    previousSeq = undefined;
  }
  if (previousSeq !== n - 1) throw new SignatureCheckError(`the ledger did not return entry #${n - 1} before entry #${n}`);
  if (prev !== (await prevOf(previousJws))) throw new SignatureCheckError(`chain broken: entry #${n} does not link to entry #${n - 1}`);
}

/**
 * @typedef {object} IncidentRef what the page shows of an incident
 * @property {string} id
 * @property {string} [openedAt]
 * @property {string | null} [resolvedAt]
 * @property {string} [cause]
 * @property {{opened?: number | null, resolved?: number | null}} [ledger]
 */

/**
 * Checks the signature of every ledger entry of an incident, and that the signed
 * entries say what the page shows (opened/resolved times and cause).
 * @param {IncidentRef} incident
 * @param {{seq: number, jws: string}[]} entries
 * @param {(seq: number) => string | null} previousOf compact JWS of the entry before `seq`
 * @param {Map<string, CryptoKey>} keys
 * @returns {Promise<{kids: string[], seqs: number[]}>} or throws SignatureCheckError
 */
export async function checkIncidentSignatures(incident, entries, previousOf, keys) {
  if (entries.length === 0) throw new SignatureCheckError('the incident has no ledger entries yet');
  const listed = { opened: incident.ledger?.opened, resolved: incident.ledger?.resolved };
  for (const seq of Object.values(listed)) {
    if (typeof seq === 'number' && !entries.some((e) => e.seq === seq)) {
      throw new SignatureCheckError(`entry #${seq} is missing from the incident's entries`);
    }
  }
  /** @type {Set<string>} */
  const kids = new Set();
  for (const entry of entries) {
    const { kid, payload } = await checkEntrySignature(entry, entry.seq > 1 ? previousOf(entry.seq) : null, keys);
    checkAgrees(incident, entry.seq, payload);
    kids.add(kid);
  }
  return { kids: [...kids], seqs: entries.map((e) => e.seq) };
}

/**
 * @param {IncidentRef} incident
 * @param {number} seq
 * @param {Record<string, unknown>} payload
 */
function checkAgrees(incident, seq, payload) {
  const fail = (/** @type {string} */ what) => new SignatureCheckError(`entry #${seq} ${what}`);
  if (payload.incidentId !== incident.id) throw fail('is about another incident');
  if (payload.type !== 'incident.opened' && payload.type !== 'incident.resolved') throw fail(`is a ${String(payload.type)} entry`);
  if (incident.openedAt && !sameInstant(payload.openedAt, incident.openedAt)) throw fail('gives another opening time');
  if (payload.type === 'incident.opened' && incident.cause && payload.cause !== incident.cause) throw fail('gives another cause');
  if (payload.type === 'incident.resolved' && incident.resolvedAt && !sameInstant(payload.resolvedAt, incident.resolvedAt)) {
    throw fail('gives another resolution time');
  }
}

/** @param {unknown} a @param {string} b */
function sameInstant(a, b) {
  return typeof a === 'string' && Date.parse(a) === Date.parse(b);
}
