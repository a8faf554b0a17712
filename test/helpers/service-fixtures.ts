/** Plain data for the state machine, schedule and service tests: monitors and check results. */
import type { CheckResult, TlsFacts } from '../../functions/core/check-result.ts';
import type { Monitor } from '../../functions/core/monitor.ts';

export const T0 = Date.parse('2026-11-21T10:00:00.000Z');
export const iso = (ms: number): string => new Date(ms).toISOString();

export function makeMonitor(overrides: Partial<Monitor> = {}): Monitor {
  return {
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
    createdAt: iso(T0 - 86_400_000),
    updatedAt: iso(T0 - 86_400_000),
    ...overrides,
  };
}

export function tlsFacts(daysLeft: number, fingerprint256 = 'AA:BB:CC'): TlsFacts {
  return {
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_128_GCM_SHA256',
    subject: 'CN=shop.example.test',
    issuer: 'CN=Example CA',
    subjectAltNames: ['DNS:shop.example.test'],
    notBefore: '2026-09-01T00:00:00.000Z',
    notAfter: iso(T0 + daysLeft * 86_400_000 + 3_600_000),
    fingerprint256,
    daysLeft,
    chainVerified: true,
    verificationError: null,
  };
}

export function ok(region: string, atMs: number, overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    url: 'https://shop.example.test/health',
    method: 'GET',
    region,
    startedAt: iso(atMs),
    connected: true,
    status: 200,
    httpVersion: '1.1',
    remoteIp: '192.0.2.10',
    timings: { dns: 2, connect: 5, tls: 12, ttfb: 40, total: 48 },
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

/** A failing result: a 503 that fails `[STATUS] == 200`, or a transport failure when `cause` says so. */
export function fail(region: string, atMs: number, cause: 'condition' | 'timeout' | 'connect' = 'condition'): CheckResult {
  if (cause === 'condition') {
    return ok(region, atMs, {
      status: 503,
      success: false,
      cause: 'condition',
      conditions: [{ condition: '[STATUS] (503) == 200', success: false }],
      bodyExcerpt: 'Service Unavailable',
    });
  }
  return ok(region, atMs, {
    connected: cause !== 'connect',
    status: 0,
    success: false,
    cause,
    error: cause === 'timeout' ? 'no response within 10000 ms' : 'connect ECONNREFUSED 192.0.2.10:443',
    timings: { dns: 2, connect: null, tls: null, ttfb: null, total: cause === 'timeout' ? 10_000 : 3 },
    conditions: [{ condition: '[STATUS] (0) == 200', success: false }],
    bodyExcerpt: '',
  });
}
