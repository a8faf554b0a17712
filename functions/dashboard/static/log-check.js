/**
 * The transparency log, checked in the browser: the checkpoint's ECDSA note signature
 * (c2sp signed-note type 0x02, WebCrypto) with the log's vkey, an incident's entries
 * included in it (RFC 6962), and, on every visit, a consistency proof from the last
 * checkpoint this browser saw (kept in localStorage) to the new one. A log that was
 * rewritten cannot give that proof: the caller shows it as a loud warning.
 */
import { fromBase64, hashLeaf, ProofError, toBase64, verifyConsistency, verifyInclusion } from './merkle.js';

/** Where the last verified checkpoint and the log's vkey are kept. */
export const STORAGE_KEY = 'crosscheck.log';

/** @typedef {{origin: string, size: number, root: Uint8Array, text: string}} Checkpoint */
/** @typedef {{name: string, keyId: string, key: CryptoKey}} LogKey */

/** @param {string} vkey `<name>+<hex id>+base64(0x02 || SPKI)` @returns {Promise<LogKey | null>} null when not an ECDSA vkey */
export async function importVerifierKey(vkey) {
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  if (first < 1 || second < 0) return null;
  const bytes = fromBase64(vkey.slice(second + 1).trim());
  if (bytes[0] !== 0x02) return null;
  const spki = bytes.slice(1);
  const id = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', spki)).slice(0, 4));
  if (id !== vkey.slice(first + 1, second)) throw new ProofError('the vkey\'s key ID does not belong to its key');
  const key = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return { name: vkey.slice(0, first), keyId: id, key };
}

/** @param {Uint8Array} bytes */
const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** ASN.1 DER ECDSA signature -> r || s (64 bytes), as WebCrypto wants it. @param {Uint8Array} der */
export function derToRaw(der) {
  if (der[0] !== 0x30 || der[1] !== der.length - 2) throw new ProofError('the checkpoint signature is not DER');
  const out = new Uint8Array(64);
  let at = 2;
  for (const half of [0, 1]) {
    if (der[at] !== 0x02) throw new ProofError('the checkpoint signature is not DER');
    const length = /** @type {number} */ (der[at + 1]);
    let value = der.slice(at + 2, at + 2 + length);
    while (value.length > 32 && value[0] === 0) value = value.slice(1);
    if (value.length > 32) throw new ProofError('the checkpoint signature is not a P-256 signature');
    out.set(value, half * 32 + 32 - value.length);
    at += 2 + length;
  }
  return out;
}

/**
 * The checkpoint of a signed note, its log signature verified with `key`; ProofError saying why not.
 * @param {string} note @param {LogKey} key @returns {Promise<Checkpoint>}
 */
export async function verifyCheckpoint(note, key) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new ProofError('the checkpoint is not a signed note');
  const text = note.slice(0, split + 1);
  const [origin = '', sizeText = '', rootText = ''] = text.split('\n');
  if (origin !== key.name) throw new ProofError(`the checkpoint is of the log ${origin}, not ${key.name}`);
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new ProofError('the checkpoint has no tree size');
  let verified = false;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!match || match[1] !== key.name) continue;
    const bytes = fromBase64(/** @type {string} */ (match[2]));
    if (toHex(bytes.slice(0, 4)) !== key.keyId) continue;
    const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key.key, derToRaw(bytes.slice(4)), new TextEncoder().encode(text));
    if (!ok) throw new ProofError("the checkpoint's signature does not verify with the log's key");
    verified = true;
  }
  if (!verified) throw new ProofError("the checkpoint carries no signature of the log's key");
  return { origin, size: Number(sizeText), root: fromBase64(rootText), text };
}

/** @param {string} path */
async function getText(path) {
  const res = await fetch(new URL(path, document.baseURI), { cache: 'no-store' });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return res.text();
}

/** @returns {{vkey: string, note: string} | null} */
function remembered() {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    return value && typeof value.vkey === 'string' && typeof value.note === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * @typedef {{status: 'ok', size: number, from: number | null}
 *   | {status: 'rewritten', reason: string}
 *   | {status: 'unavailable', reason: string}} LogOutcome
 */

/**
 * This visit's check of the log: the current checkpoint verified with the log key this
 * browser pinned on its first visit, and proven an extension of the last one it saw.
 * @returns {Promise<LogOutcome>}
 */
export async function checkLog() {
  if (typeof crypto === 'undefined' || !crypto.subtle) return { status: 'unavailable', reason: 'this browser verifies only on https:// or localhost pages' };
  let vkeyText;
  let note;
  try {
    [vkeyText, note] = await Promise.all([getText('ledger/vkeys'), getText('ledger/checkpoint')]);
  } catch (error) {
    return { status: 'unavailable', reason: /** @type {Error} */ (error).message };
  }
  const last = remembered();
  const vkey = last?.vkey ?? vkeyText.split('\n').find((line) => line.includes('+Aj')) ?? vkeyText.split('\n')[0] ?? '';
  try {
    const key = await importVerifierKey(vkey);
    if (key === null) return { status: 'unavailable', reason: 'the log publishes no ECDSA key' };
    const current = await verifyCheckpoint(note, key);
    if (last !== null) {
      const previous = await verifyCheckpoint(last.note, key);
      if (current.size < previous.size) throw new ProofError(`the log shrank: size ${current.size}, after this browser saw size ${previous.size}`);
      const proof = current.size === previous.size ? [] : (await getText(`v1/ledger/consistency?from=${previous.size}&to=${current.size}`)).split('\n').filter(Boolean).map(fromBase64);
      await verifyConsistency(previous.size, current.size, proof, previous.root, current.root);
    }
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ vkey, note }));
    return { status: 'ok', size: current.size, from: last === null ? null : Number(last.note.split('\n')[1]) };
  } catch (error) {
    if (error instanceof ProofError) return { status: 'rewritten', reason: error.message };
    return { status: 'unavailable', reason: /** @type {Error} */ (error).message };
  }
}

/**
 * An incident's entries included in the checkpoint (GET v1/incidents/{id}/proof), with the pinned key.
 * @param {string} incidentId @returns {Promise<number>} the checkpoint size, or throws ProofError
 */
export async function checkIncidentInclusion(incidentId) {
  const last = remembered();
  const vkey = last?.vkey ?? (await getText('ledger/vkeys')).split('\n')[0] ?? '';
  const key = await importVerifierKey(vkey);
  if (key === null) throw new Error('the log publishes no ECDSA key');
  const body = JSON.parse(await getText(`v1/incidents/${encodeURIComponent(incidentId)}/proof`));
  const checkpoint = await verifyCheckpoint(String(body.checkpoint), key);
  for (const item of body.proofs ?? []) {
    const lines = String(item.proof).split('\n\n')[0]?.split('\n') ?? [];
    const index = Number((lines[1] ?? '').replace('index ', ''));
    if (index !== item.seq - 1) throw new ProofError(`entry #${item.seq}'s proof is for another index`);
    await verifyInclusion(index, checkpoint.size, await hashLeaf(new TextEncoder().encode(String(item.jws))), lines.slice(2).map(fromBase64), checkpoint.root);
  }
  return checkpoint.size;
}
