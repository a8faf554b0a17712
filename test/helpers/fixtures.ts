/**
 * The one source of plain test data: monitors, check results, incidents, TLS facts and store rows.
 * Each builder has one set of defaults; the named flavours (store, service, ledger) only override
 * the few fields those tests depend on, so every object keeps the same key order.
 */
import type { CheckResult, TlsFacts } from '../../functions/core/check-result.ts';
import type { Anomaly, Incident } from '../../functions/core/incident.ts';
import type { HttpMonitor, Monitor } from '../../functions/core/monitor.ts';
import type { MonitorState } from '../../functions/core/state.ts';
import type { LedgerRecord } from '../../functions/ports/ledger-store.ts';
import type { StoredResult } from '../../functions/ports/result-store.ts';

export const T0 = Date.parse('2026-11-21T10:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const iso = (ms: number): string => new Date(ms).toISOString();

/** The time the ledger tests' monitors and results carry. */
const LEDGER_T0 = '2026-01-01T00:00:00.000Z';

// ---------------------------------------------------------------- monitors

/** A monitor of the shop site, checked from three regions, created a day before T0. */
export function makeMonitor(overrides: Partial<HttpMonitor> = {}): HttpMonitor {
  return {
    type: 'http',
    id: 'mon-shop',
    name: 'Shop',
    url: 'https://shop.example.test/health',
    method: 'GET',
    headers: {},
    intervalSeconds: 60,
    timeoutMs: 10_000,
    conditions: ['[STATUS] == 200'],
    regions: ['eu-west-1', 'us-east-1', 'ap-south-1'],
    tags: [],
    paused: false,
    failureThreshold: 1,
    successThreshold: 2,
    certExpiryWarningDays: [30, 14, 7],
    followRedirects: true,
    maxRedirects: 5,
    verifyTls: true,
    alerts: { email: ['ops@example.test'], webhooks: [] },
    maintenance: [],
    createdAt: iso(T0 - DAY),
    updatedAt: iso(T0 - DAY),
    ...overrides,
  };
}

/** A store row: named after `id`, no regions, created at T0. */
export function monitorWithId(id: string, overrides: Partial<HttpMonitor> = {}): HttpMonitor {
  return makeMonitor({
    id,
    name: `Monitor ${id}`,
    url: `https://${id}.example.test/health`,
    headers: { accept: 'application/json' },
    regions: [],
    createdAt: iso(T0),
    updatedAt: iso(T0),
    ...overrides,
  });
}

/** The ledger tests' monitor: `mon-1`, no regions, no alert addresses. */
export function ledgerMonitor(overrides: Partial<HttpMonitor> = {}): HttpMonitor {
  return makeMonitor({
    id: 'mon-1',
    name: 'Example API',
    url: 'https://example.test/health',
    regions: [],
    alerts: { email: [], webhooks: [] },
    createdAt: LEDGER_T0,
    updatedAt: LEDGER_T0,
    ...overrides,
  });
}

// ---------------------------------------------------------------- check results

/** A passing check of `https://m.example.test/health` from `local-a` at T0. */
export function checkResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    url: 'https://m.example.test/health',
    method: 'GET',
    region: 'local-a',
    startedAt: iso(T0),
    connected: true,
    status: 200,
    httpVersion: '1.1',
    remoteIp: '192.0.2.10',
    timings: { dns: 1, connect: 2, tls: 3, ttfb: 10, total: 12 },
    headers: { 'content-type': 'application/json' },
    bodyBytes: 15,
    tls: null,
    redirects: [],
    success: true,
    cause: null,
    error: null,
    conditions: [{ condition: '[STATUS] == 200', success: true }],
    bodyExcerpt: '{"status":"UP"}',
    ...overrides,
  };
}

/** The fields that turn a passing result into a failing one: a 503, or a timeout / refused connection. */
export function failure(cause: 'condition' | 'timeout' | 'connect' = 'condition'): Partial<CheckResult> {
  if (cause === 'condition') {
    return {
      status: 503,
      success: false,
      cause: 'condition',
      conditions: [{ condition: '[STATUS] (503) == 200', success: false }],
      bodyExcerpt: 'Service Unavailable',
    };
  }
  return {
    connected: cause !== 'connect',
    status: 0,
    success: false,
    cause,
    error: cause === 'timeout' ? 'no response within 10000 ms' : 'connect ECONNREFUSED 192.0.2.10:443',
    timings: { dns: 2, connect: null, tls: null, ttfb: null, total: cause === 'timeout' ? 10_000 : 3 },
    conditions: [{ condition: '[STATUS] (0) == 200', success: false }],
    bodyExcerpt: '',
  };
}

/** A passing check of the shop monitor (`makeMonitor`) from `region` at `atMs`. */
export function passingResult(region: string, atMs: number, overrides: Partial<CheckResult> = {}): CheckResult {
  return checkResult({
    url: 'https://shop.example.test/health',
    region,
    startedAt: iso(atMs),
    timings: { dns: 2, connect: 5, tls: 12, ttfb: 40, total: 48 },
    ...overrides,
  });
}

/** A failing check of the shop monitor: a 503 that fails `[STATUS] == 200`, or a transport failure when `cause` says so. */
export function failingResult(region: string, atMs: number, cause: 'condition' | 'timeout' | 'connect' = 'condition'): CheckResult {
  return passingResult(region, atMs, failure(cause));
}

/** The store tests' failing check: `checkResult` defaults with a 503 from `region` at `atMs`. */
export function failedResult(region: string, startedAtMs: number): CheckResult {
  return checkResult({ region, startedAt: iso(startedAtMs), ...failure('condition') });
}

/** The ledger tests' check: a 503 of `https://example.test/health` answered in plain text. */
export function ledgerResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return checkResult({
    url: 'https://example.test/health',
    startedAt: LEDGER_T0,
    status: 503,
    timings: { dns: 1, connect: 2, tls: 3, ttfb: 40, total: 45 },
    headers: { 'content-type': 'text/plain' },
    bodyBytes: 11,
    success: false,
    cause: 'condition',
    conditions: [{ condition: '[STATUS] (503) == 200', success: false }],
    bodyExcerpt: 'unavailable',
    ...overrides,
  });
}

export function storedResult(id: string, monitorId: string, startedAtMs: number, overrides: Partial<StoredResult> = {}): StoredResult {
  return { ...checkResult({ startedAt: iso(startedAtMs) }), id, monitorId, kind: 'scheduled', ...overrides };
}

/** TLS facts for the shop certificate, `daysLeft` days (and an hour) after T0. */
export function tlsFacts(daysLeft: number, fingerprint256 = 'AA:BB:CC'): TlsFacts {
  return {
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_128_GCM_SHA256',
    subject: 'CN=shop.example.test',
    issuer: 'CN=Example CA',
    subjectAltNames: ['DNS:shop.example.test'],
    notBefore: '2026-09-01T00:00:00.000Z',
    notAfter: iso(T0 + daysLeft * DAY + HOUR),
    fingerprint256,
    daysLeft,
    chainVerified: true,
    verificationError: null,
  };
}

// ---------------------------------------------------------------- incidents, anomalies, state, ledger rows

/** An open, confirmed incident whose primary failed a second before `openedAtMs` and verifier at it. */
export function incident(id: string, monitorId: string, openedAtMs: number, overrides: Partial<Incident> = {}): Incident {
  return {
    id,
    monitorId,
    monitorName: `Monitor ${monitorId}`,
    status: 'open',
    openedAt: iso(openedAtMs),
    resolvedAt: null,
    cause: 'condition',
    verification: 'confirmed',
    primary: { region: 'local-a', result: failedResult('local-a', openedAtMs - 1000) },
    verifier: { region: 'local-b', result: failedResult('local-b', openedAtMs), outcome: 'confirmed' },
    ledger: { opened: null, resolved: null },
    ...overrides,
  };
}

/** The ledger tests' incident: `inc-1` on `mon-1`, both regions holding `ledgerResult`. */
export function ledgerIncident(overrides: Partial<Incident> = {}): Incident {
  return incident('inc-1', 'mon-1', Date.parse('2026-01-01T00:01:00.000Z'), {
    monitorName: 'Example API',
    primary: { region: 'local-a', result: ledgerResult() },
    verifier: { region: 'local-b', result: ledgerResult({ region: 'local-b' }), outcome: 'confirmed' },
    ...overrides,
  });
}

export function anomaly(id: string, monitorId: string, atMs: number, region = 'local-a'): Anomaly {
  return {
    id,
    monitorId,
    at: iso(atMs),
    primary: { region, result: failedResult(region, atMs - 1000) },
    verifier: { region: 'local-b', result: checkResult({ region: 'local-b', startedAt: iso(atMs) }) },
  };
}

export function state(monitorId: string, overrides: Partial<MonitorState> = {}): MonitorState {
  return {
    monitorId,
    status: 'UP',
    version: 0,
    since: iso(T0),
    lastCheckAt: iso(T0),
    failures: {},
    successes: 1,
    verification: null,
    openIncidentId: null,
    certWarnings: null,
    ...overrides,
  };
}

export function ledgerRecord(seq: number, overrides: Partial<LedgerRecord> = {}): LedgerRecord {
  return {
    seq,
    jws: `header.payload-${seq}.signature`,
    type: 'incident.opened',
    key: `incident.opened:i${seq}`,
    time: iso(T0 + seq * 1000),
    evidenceSha256: null,
    ...overrides,
  };
}
