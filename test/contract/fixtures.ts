/** Plain data builders for the store contract: valid domain objects with overridable fields. */
import type { CheckResult } from '../../functions/core/check-result.ts';
import type { Anomaly, Incident } from '../../functions/core/incident.ts';
import type { Monitor } from '../../functions/core/monitor.ts';
import type { MonitorState } from '../../functions/core/state.ts';
import type { LedgerRecord } from '../../functions/ports/ledger-store.ts';
import type { StoredResult } from '../../functions/ports/result-store.ts';

export const T0 = Date.parse('2026-11-21T10:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const iso = (ms: number): string => new Date(ms).toISOString();

export function monitor(id: string, overrides: Partial<Monitor> = {}): Monitor {
  return {
    id,
    name: `Monitor ${id}`,
    url: `https://${id}.example.test/health`,
    method: 'GET',
    headers: { accept: 'application/json' },
    intervalSeconds: 60,
    timeoutMs: 10_000,
    conditions: ['[STATUS] == 200'],
    regions: [],
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
    createdAt: iso(T0),
    updatedAt: iso(T0),
    ...overrides,
  };
}

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

export function storedResult(id: string, monitorId: string, startedAtMs: number, overrides: Partial<StoredResult> = {}): StoredResult {
  return { ...checkResult({ startedAt: iso(startedAtMs) }), id, monitorId, kind: 'scheduled', ...overrides };
}

export function failedResult(region: string, startedAtMs: number): CheckResult {
  return checkResult({
    region,
    startedAt: iso(startedAtMs),
    status: 503,
    success: false,
    cause: 'condition',
    conditions: [{ condition: '[STATUS] (503) == 200', success: false }],
    bodyExcerpt: 'Service Unavailable',
  });
}

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
