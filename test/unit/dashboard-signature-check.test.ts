// Tests for the dashboard's in-browser signature check (signature-check.js runs in Node too: WebCrypto, atob and TextEncoder are globals).
import { describe, expect, it } from 'vitest';
import { compactVerify, createLocalJWKSet, exportJWK, generateKeyPair, calculateJwkThumbprint } from 'jose';
import { GENESIS_PREV as CORE_GENESIS, assembleCompactJws, ledgerSigningInput, prevOf as corePrevOf } from '../../functions/core/ledger/index.ts';
// @ts-ignore plain JS module
import { GENESIS_PREV, importKeys, prevOf, checkEntrySignature, checkIncidentSignatures, SignatureCheckError } from '../../functions/dashboard/static/signature-check.js';
// @ts-ignore plain JS module
import { decodeJws, fromBase64url, toBase64url } from '../../functions/dashboard/static/jws.js';

async function signer() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(pub);
  const sign = async (payload: any) => {
    const input = ledgerSigningInput(kid, payload);
    const sig = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, new TextEncoder().encode(input)));
    return assembleCompactJws(input, sig);
  };
  return { kid, jwks: { keys: [{ ...pub, kid, alg: 'ES256', use: 'sig' }] }, sign };
}

async function ledger() {
  const s = await signer();
  const entries: { seq: number; jws: string }[] = [];
  const add = async (type: string, body: object) => {
    const seq = entries.length + 1;
    const prev = seq === 1 ? CORE_GENESIS : corePrevOf(entries[seq - 2]!.jws);
    entries.push({ seq, jws: await s.sign({ seq, prev, type, time: '2026-01-01T00:00:00.000Z', ...body }) });
  };
  await add('monitor.created', { monitor: { id: 'm', name: 'M' }, definitionSha256: 'A'.repeat(43) });
  await add('incident.opened', { incidentId: 'i1', monitor: { id: 'm', name: 'M', url: 'https://x.test' }, cause: 'timeout', openedAt: '2026-01-01T00:01:00.000Z' });
  await add('incident.resolved', { incidentId: 'i1', monitor: { id: 'm', name: 'M' }, openedAt: '2026-01-01T00:01:00.000Z', resolvedAt: '2026-01-01T00:09:00Z' });
  const incident = { id: 'i1', openedAt: '2026-01-01T00:01:00Z', resolvedAt: '2026-01-01T00:09:00.000Z', cause: 'timeout', ledger: { opened: 2, resolved: 3 } };
  const previousOf = (seq: number) => entries[seq - 2]?.jws ?? null;
  return { ...s, entries, incident, previousOf, keys: await importKeys(s.jwks) };
}

function tamper(jws: string, change: (p: any) => void) {
  const [h, p, sig] = jws.split('.');
  const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
  change(payload);
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
}

describe('dashboard signature check', () => {
  it('uses the genesis value of the ledger core', () => {
    expect(GENESIS_PREV).toBe(CORE_GENESIS);
  });

  it('computes prev exactly as the ledger core does', async () => {
    const { entries } = await ledger();
    for (const e of entries) expect(await prevOf(e.jws)).toBe(corePrevOf(e.jws));
  });

  it('verifies an intact incident, and jose agrees entry by entry', async () => {
    const l = await ledger();
    await expect(checkIncidentSignatures(l.incident, l.entries.slice(1), l.previousOf, l.keys)).resolves.toEqual({ kids: [l.kid], seqs: [2, 3] });
    for (const e of l.entries) await expect(compactVerify(e.jws, createLocalJWKSet(l.jwks as any))).resolves.toBeTruthy();
    await expect(checkEntrySignature(l.entries[0], null, l.keys)).resolves.toMatchObject({ kid: l.kid });
  });

  it.each([
    ['an altered payload', (l: any) => ({ entries: [{ seq: 2, jws: tamper(l.entries[1].jws, (p) => (p.cause = 'dns')) }, l.entries[2]] }), /entry #2: the signature does not match/],
    ['a deleted predecessor', (l: any) => ({ previousOf: (seq: number) => (seq === 2 ? null : l.previousOf(seq)) }), /entry #1, which entry #2 follows, is missing/],
    ['the wrong predecessor (swapped entries)', (l: any) => ({ previousOf: (seq: number) => (seq === 3 ? l.entries[0].jws : l.previousOf(seq)) }), /did not return entry #2 before entry #3/],
    ['an entry missing from the incident', (l: any) => ({ entries: [l.entries[1]] }), /entry #3 is missing from the incident's entries/],
    ['no entries at all', () => ({ entries: [] }), /no ledger entries yet/],
    ['an unknown key', () => ({ keys: new Map() }), /which the JWKS does not publish/],
    ['a shorter downtime shown than signed', (l: any) => ({ incident: { ...l.incident, openedAt: '2026-01-01T00:05:00Z' } }), /entry #2 gives another opening time/],
    ['another cause shown than signed', (l: any) => ({ incident: { ...l.incident, cause: 'dns' } }), /entry #2 gives another cause/],
    ['another resolution time shown', (l: any) => ({ incident: { ...l.incident, resolvedAt: '2026-01-01T00:02:00Z' } }), /entry #3 gives another resolution time/],
    ['an entry about another incident', (l: any) => ({ incident: { ...l.incident, id: 'i2' } }), /entry #2 is about another incident/],
    ['alg none', (l: any) => ({ entries: [{ seq: 2, jws: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${l.entries[1].jws.split('.')[1]}.AA` }, l.entries[2]] }), /entry #2 uses algorithm none/],
    ['a truncated signature', (l: any) => ({ entries: [{ seq: 2, jws: l.entries[1].jws.slice(0, -10) }, l.entries[2]] }), /entry #2: the signature is \d+ bytes, not 64/],
    ['a listed seq that differs from the signed one', (l: any) => ({ entries: [{ seq: 3, jws: l.entries[1].jws }], incident: { ...l.incident, ledger: {} } }), /entry #3 is signed as entry #2/],
    ['a malformed JWS', (l: any) => ({ entries: [{ seq: 2, jws: 'not-a-jws' }, l.entries[2]] }), /entry #2 is malformed: not a compact JWS/],
  ])('refuses %s', async (_name, change, reason) => {
    const l = await ledger();
    const c = { incident: l.incident, entries: l.entries.slice(1), previousOf: l.previousOf, keys: l.keys, ...change(l) };
    const result = checkIncidentSignatures(c.incident, c.entries, c.previousOf, c.keys);
    await expect(result).rejects.toBeInstanceOf(SignatureCheckError);
    await expect(result).rejects.toThrow(reason);
  });

  it('refuses a broken chain: a validly signed entry whose prev does not hash its predecessor', async () => {
    const l = await ledger();
    const forged = await l.sign({ ...decodeJws(l.entries[1]!.jws).payload, prev: corePrevOf(l.entries[0]!.jws + 'x') });
    await expect(checkEntrySignature({ seq: 2, jws: forged }, l.entries[0]!.jws, l.keys)).rejects.toThrow(/chain broken: entry #2 does not link to entry #1/);
  });

  it('refuses a first entry that does not start from genesis', async () => {
    const l = await ledger();
    const forged = await l.sign({ ...decodeJws(l.entries[0]!.jws).payload, prev: 'B'.repeat(43) });
    await expect(checkEntrySignature({ seq: 1, jws: forged }, null, l.keys)).rejects.toThrow(/entry #1 does not start from the genesis value/);
  });

  it('marks an unknown key so the caller can reload the JWKS', async () => {
    const l = await ledger();
    await expect(checkEntrySignature(l.entries[0], null, new Map())).rejects.toMatchObject({ code: 'unknown-key' });
  });

  it('skips JWKS keys that are not ES256 signing keys', async () => {
    const l = await ledger();
    const k = l.jwks.keys[0]!;
    const keys = await importKeys({ keys: [{ ...k, kid: 'enc', use: 'enc' }, { ...k, kid: 'rs', alg: 'RS256' }, { kty: 'RSA', kid: 'rsa' }, { ...k, kid: 'bad', x: 'AAAA' }, k] });
    expect([...keys.keys()]).toEqual([l.kid]);
    expect((await importKeys(null)).size).toBe(0);
  });

  it('round-trips base64url and refuses what is not', () => {
    const bytes = new Uint8Array([0, 250, 251, 252, 253, 254, 255, 1]);
    expect(toBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    expect([...fromBase64url(toBase64url(bytes))]).toEqual([...bytes]);
    expect(() => fromBase64url('a+b/')).toThrow('not base64url');
    expect(() => fromBase64url('abcde')).toThrow('not base64url');
  });
});

describe('canonical base64url (as the audit requires)', () => {
  it('refuses a signature whose last character carries unused bits, which would decode to the same bytes', () => {
    const canonical = toBase64url(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64]));
    expect(fromBase64url(canonical)).toHaveLength(64);
    const last = canonical.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = canonical.slice(0, -1) + alphabet[alphabet.indexOf(last) + 1]!;
    expect(() => fromBase64url(twin)).toThrow('not canonical base64url');
  });
});

