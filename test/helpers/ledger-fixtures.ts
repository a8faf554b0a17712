/** Fixtures for the ledger tests: check results, incidents and monitors with every field filled. */
import type { CheckResult } from '../../functions/core/check-result.ts';
import type { Incident } from '../../functions/core/incident.ts';
import type { Monitor } from '../../functions/core/monitor.ts';

export function checkResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    url: 'https://example.test/health',
    method: 'GET',
    region: 'local-a',
    startedAt: '2026-01-01T00:00:00.000Z',
    connected: true,
    status: 503,
    httpVersion: '1.1',
    remoteIp: '192.0.2.10',
    timings: { dns: 1, connect: 2, tls: 3, ttfb: 40, total: 45 },
    headers: { 'content-type': 'text/plain' },
    bodyBytes: 11,
    tls: null,
    redirects: [],
    success: false,
    cause: 'condition',
    error: null,
    conditions: [{ condition: '[STATUS] (503) == 200', success: false }],
    bodyExcerpt: 'unavailable',
    ...overrides,
  };
}

export function monitor(overrides: Partial<Monitor> = {}): Monitor {
  return {
    id: 'mon-1',
    name: 'Example API',
    url: 'https://example.test/health',
    method: 'GET',
    headers: {},
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
    alerts: { email: [], webhooks: [] },
    maintenance: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    monitorId: 'mon-1',
    monitorName: 'Example API',
    status: 'open',
    openedAt: '2026-01-01T00:01:00.000Z',
    resolvedAt: null,
    cause: 'condition',
    verification: 'confirmed',
    primary: { region: 'local-a', result: checkResult() },
    verifier: { region: 'local-b', result: checkResult({ region: 'local-b' }), outcome: 'confirmed' },
    ledger: { opened: null, resolved: null },
    ...overrides,
  };
}
