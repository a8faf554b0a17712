import { describe, expect, it } from 'vitest';
import {
  GENESIS_PREV,
  LedgerEntryTooLargeError,
  MAX_SIGNING_INPUT_BYTES,
  assembleCompactJws,
  canonicalJson,
  clipToJsonBytes,
  decodeLedgerJws,
  definitionChanges,
  incidentOpenedBody,
  incidentResolvedBody,
  jsonBytes,
  ledgerSigningInput,
  monitorChangeBody,
  monitorDefinitionSha256,
  parseLedgerPayload,
  prevOf,
  sha256Base64url,
  type LedgerPayload,
} from '../../functions/core/ledger/index.ts';
import { ledgerResult, ledgerIncident, ledgerMonitor } from '../helpers/fixtures.ts';

const KID = 'x'.repeat(43);

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [3, { d: null, c: 'x' }] }, '{"a":[3,{"c":"x","d":null}],"b":1}'],
    [{ z: undefined, y: true }, '{"y":true}'],
    [[undefined, 1], '[null,1]'],
    ['é"\n', '"é\\"\\n"'],
    [{ '\u00e9': 1, e: 2, E: 3 }, '{"E":3,"e":2,"é":1}'],
    [1e21, '1e+21'],
  ])('%j -> %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('refuses values with no JSON form', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/NaN/);
    expect(() => canonicalJson(undefined)).toThrow(/no JSON form/);
  });
});

describe('chain hash', () => {
  it('GENESIS_PREV is base64url of 32 zero bytes', () => {
    expect(Buffer.from(GENESIS_PREV, 'base64url')).toEqual(Buffer.alloc(32));
    expect(GENESIS_PREV).toHaveLength(43);
  });

  it('prevOf is base64url SHA-256 of the compact JWS text', () => {
    // SHA-256("abc") from FIPS 180-2, in base64url.
    expect(prevOf('abc')).toBe(Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex').toString('base64url'));
    expect(sha256Base64url('abc')).toBe(prevOf('abc'));
  });
});

describe('JWS compact assembly', () => {
  const payload: LedgerPayload = { seq: 1, prev: GENESIS_PREV, type: 'monitor.created', time: '2026-01-01T00:00:00.000Z' };

  it('signs base64url(header).base64url(payload) with the ledger header', () => {
    const input = ledgerSigningInput(KID, payload);
    const jws = assembleCompactJws(input, new Uint8Array(64).fill(7));
    const decoded = decodeLedgerJws(jws);
    expect(decoded.header).toEqual({ alg: 'ES256', kid: KID, typ: 'crosscheck-ledger+jws' });
    expect(decoded.payload).toEqual(payload);
    expect(jws.split('.')[2]).toBe(Buffer.alloc(64, 7).toString('base64url'));
  });

  it('refuses a signature that is not 64 bytes (DER instead of r||s)', () => {
    expect(() => assembleCompactJws('a.b', new Uint8Array(70))).toThrow(/64 bytes/);
  });

  it('refuses a signing input over 4096 bytes, naming the entry type', () => {
    const big = { ...payload, note: 'x'.repeat(3200) };
    expect(() => ledgerSigningInput(KID, big)).toThrow(LedgerEntryTooLargeError);
    expect(() => ledgerSigningInput(KID, big)).toThrow(/monitor\.created: JWS signing input is \d+ bytes, over the 4096-byte limit/);
  });
});

describe('clipToJsonBytes', () => {
  it.each([
    ['short', 10, 'short'],
    ['abcdefghij', 8, 'abc…'],
    ['\u0000\u0000\u0000', 10, '…'],
  ])('%j within %i bytes -> %j', (text, max, expected) => {
    expect(clipToJsonBytes(text, max)).toBe(expected);
    expect(jsonBytes(clipToJsonBytes(text, max))).toBeLessThanOrEqual(max);
  });

  it('never splits a surrogate pair', () => {
    const clipped = clipToJsonBytes('😀'.repeat(50), 30);
    expect(clipped.endsWith('…')).toBe(true);
    expect(Array.from(clipped.slice(0, -1)).every((c) => c === '😀')).toBe(true);
  });
});

describe('payload builders', () => {
  it('incident.opened carries compact summaries; evidence carries both full results', () => {
    const { body, evidence } = incidentOpenedBody(ledgerIncident(), ledgerMonitor());
    expect(body).toEqual({
      incidentId: 'inc-1',
      monitor: { id: 'mon-1', name: 'Example API', url: 'https://example.test' },
      cause: 'condition',
      openedAt: '2026-01-01T00:01:00.000Z',
      primary: {
        region: 'local-a',
        result: {
          at: '2026-01-01T00:00:00.000Z',
          status: 503,
          cause: 'condition',
          error: null,
          timings: { dns: 1, connect: 2, tls: 3, ttfb: 40, total: 45 },
          failedConditions: ['[STATUS] (503) == 200'],
        },
      },
      verification: { region: 'local-b', result: expect.objectContaining({ status: 503 }), outcome: 'confirmed' },
    });
    expect(evidence.primary.result).toEqual(ledgerIncident().primary.result);
    expect(evidence.verifier?.result.bodyExcerpt).toBe('unavailable');
  });

  it('incident.opened is public: the URL reduced to its origin, no remote address, the failure from its cause, code and parsed URL', () => {
    const url = 'https://ops:hunter2@example.test:8443/api/health?token=secret#frag';
    const failed = ledgerResult({
      url,
      cause: 'http',
      error: `redirect loop: ${url} was already visited (via 10.1.2.3)`,
      errorCode: 'redirect_loop',
      errorUrl: { scheme: 'https', host: 'example.test', port: 8443, path: '/api/health' },
    });
    const { body, evidence } = incidentOpenedBody(
      ledgerIncident({ primary: { region: 'local-a', result: failed }, verifier: { region: 'local-b', result: failed, outcome: 'confirmed' } }),
      ledgerMonitor({ url }),
    );
    expect(body.monitor.url).toBe('https://example.test:8443');
    expect(body.primary.result).not.toHaveProperty('remoteIp');
    expect(body.primary.result.error).toBe('http: redirect loop at https://example.test:8443');
    const text = JSON.stringify(body);
    for (const secret of ['secret', 'hunter2', 'ops:', 'frag', '192.0.2.10', '10.1.2.3', 'api/health']) expect(text).not.toContain(secret);
    // The evidence document (not public; its SHA-256 is in the entry) keeps everything.
    expect(evidence.monitor.url).toBe(url);
    expect(evidence.primary.result).toEqual(failed);
  });

  it('incident.opened without a verifier says verification unavailable', () => {
    const { body, evidence } = incidentOpenedBody(ledgerIncident({ verification: 'unavailable', verifier: null }), ledgerMonitor());
    expect(body.verification).toEqual({ region: null, result: null, outcome: 'unavailable' });
    expect(evidence.verifier).toBeNull();
  });

  it('keeps the worst-case incident.opened entry under the signing-input limit', () => {
    const nasty = '\u0001😀"\\'.repeat(400);
    const worst = ledgerResult({
      error: nasty,
      remoteIp: nasty,
      conditions: Array.from({ length: 50 }, () => ({ condition: nasty, success: false })),
    });
    const { body } = incidentOpenedBody(
      ledgerIncident({
        primary: { region: 'r'.repeat(63), result: worst },
        verifier: { region: 'r'.repeat(63), result: worst, outcome: 'confirmed' },
      }),
      ledgerMonitor({ name: nasty, url: `https://example.test/${'%00'.repeat(3000)}` }),
    );
    expect(body.primary.result.failedConditions).toHaveLength(4);
    expect(body.primary.result.failedConditions[3]).toBe('… and 47 more');
    const payload = { seq: 999_999_999, prev: GENESIS_PREV, type: 'incident.opened' as const, time: '2026-01-01T00:00:00.000Z', evidence: GENESIS_PREV, ...body };
    const input = ledgerSigningInput(KID, payload);
    expect(input.length).toBeLessThanOrEqual(MAX_SIGNING_INPUT_BYTES);
  });

  it('incident.resolved names the incident and both ends of the downtime', () => {
    const resolved = ledgerIncident({ status: 'resolved', resolvedAt: '2026-01-01T00:05:00.000Z' });
    expect(incidentResolvedBody(resolved).body).toEqual({
      incidentId: 'inc-1',
      monitor: { id: 'mon-1', name: 'Example API' },
      openedAt: '2026-01-01T00:01:00.000Z',
      resolvedAt: '2026-01-01T00:05:00.000Z',
    });
    expect(() => incidentResolvedBody(ledgerIncident())).toThrow(/not resolved/);
  });

  it('monitor.* bodies carry the SHA-256 of the canonical definition, independent of id and times', () => {
    const a = ledgerMonitor();
    const b = ledgerMonitor({ id: 'mon-2', createdAt: '2027-01-01T00:00:00.000Z', updatedAt: '2027-01-01T00:00:00.000Z' });
    const c = ledgerMonitor({ intervalSeconds: 30 });
    expect(monitorDefinitionSha256(a)).toBe(monitorDefinitionSha256(b));
    expect(monitorDefinitionSha256(a)).not.toBe(monitorDefinitionSha256(c));
    // The default type, http, is left out of the hash: http monitors hash as before types existed.
    const { id: _i, createdAt: _c, updatedAt: _u, type: _t, ...definition } = a;
    expect(monitorChangeBody(a)).toEqual({ monitor: { id: 'mon-1', name: 'Example API' }, definitionSha256: sha256Base64url(canonicalJson(definition)) });
  });

  it('a definition changes a monitor only when the recorded definition differs', () => {
    const { id: _i, createdAt: _c, updatedAt: _u, ...same } = ledgerMonitor();
    expect(definitionChanges(ledgerMonitor(), same)).toBe(false);
    expect(definitionChanges(ledgerMonitor(), { ...same, intervalSeconds: 30 })).toBe(true);
  });
});

describe('parseLedgerPayload', () => {
  const base = { seq: 1, prev: GENESIS_PREV, time: '2026-01-01T00:00:00.000Z' };
  it.each([
    [{ ...base, type: 'monitor.created', monitor: { id: 'm', name: 'n' }, definitionSha256: GENESIS_PREV }, null],
    [{ ...base, type: 'monitor.exploded', monitor: { id: 'm', name: 'n' } }, /type must be one of incident\.opened/],
    [{ ...base, seq: 0, type: 'monitor.created', monitor: { id: 'm', name: 'n' }, definitionSha256: GENESIS_PREV }, /^seq: /],
    [{ ...base, type: 'incident.resolved', incidentId: 'i', monitor: { id: 'm', name: 'n' }, openedAt: base.time }, /^resolvedAt: /],
  ])('%j', (payload, problem) => {
    const parsed = parseLedgerPayload(payload);
    if (problem === null) expect(parsed.ok).toBe(true);
    else expect(parsed).toEqual({ ok: false, problem: expect.stringMatching(problem) });
  });
});
