/** Compact JWS parsing and base64url, as RFC 7515 spells them. Pure, no I/O. */

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Decodes canonical base64url only: the unused low bits of the last character must be
 * zero, as the audit requires (functions/audit/entry.ts), so that `...Q` and `...R` are
 * not both taken for the same signature; an entry is exactly its text.
 * @param {string} text base64url without padding
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  if (toBase64url(bytes) !== text) throw new Error('not canonical base64url');
  return bytes;
}

/** @param {Uint8Array} bytes */
export function toBase64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * @typedef {object} DecodedJws
 * @property {Record<string, unknown>} header
 * @property {Record<string, unknown>} payload
 * @property {Uint8Array<ArrayBuffer>} signingInput ASCII of `header.payload`, the bytes the signature covers
 * @property {Uint8Array<ArrayBuffer>} signature
 */

/**
 * Splits and decodes a compact JWS without verifying it. Throws an Error whose message
 * says what is malformed.
 * @param {string} jws
 * @returns {DecodedJws}
 */
export function decodeJws(jws) {
  if (typeof jws !== 'string' || !COMPACT.test(jws)) throw new Error('not a compact JWS');
  const [h = '', p = '', s = ''] = jws.split('.');
  return {
    header: jsonObject(h, 'header'),
    payload: jsonObject(p, 'payload'),
    signingInput: new TextEncoder().encode(`${h}.${p}`),
    signature: fromBase64url(s),
  };
}

/**
 * @param {string} part
 * @param {string} what
 * @returns {Record<string, unknown>}
 */
function jsonObject(part, what) {
  let value;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64url(part)));
  } catch {
    throw new Error(`the ${what} is not base64url JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`the ${what} is not a JSON object`);
  return value;
}
