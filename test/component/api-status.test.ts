/**
 * Contract tests for checks, stats, run-now, the public status routes, badges, the
 * dashboard's files and liveness, over rollups and results written to the real stores.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bucketOf } from '../../functions/core/latency.ts';
import type { CheckResult } from '../../functions/core/check-result.ts';
import type { Incident } from '../../functions/core/incident.ts';
import type { MonitorStatus } from '../../functions/core/state.ts';
import { LOCAL_POLICY, runCheck } from '../../functions/engine/index.ts';
import { runCheckNow } from '../../functions/services/index.ts';
import type { StoredResult } from '../../functions/ports/result-store.ts';
import { CheckNowSchema, CheckPageSchema, StatsSchema } from '../../functions/api/schemas/monitors.ts';
import { HealthSchema, StatusDetailSchema, StatusSchema } from '../../functions/api/schemas/status.ts';
import { ASSETS, openApiHarness, REGIONS, type ApiHarness } from './api-harness.ts';

const NOW = Date.parse('2026-11-21T12:30:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const THIS_HOUR = Date.parse('2026-11-21T12:00:00Z');

let api: ApiHarness;
let target: Server;
let targetUrl: string;

beforeAll(async () => {
  target = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ region: req.headers['x-crosscheck-region'] }));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/health`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => target.close(() => resolve()));
});

beforeEach(async () => {
  let counter = 0;
  api = await openApiHarness({
    now: NOW,
    runCheckNow: (monitor) =>
      runCheckNow(
        { checkRunner: { run: (definition, region) => runCheck(definition, { region, policy: LOCAL_POLICY }) }, results: api.stores.results, ids: { next: () => `now${++counter}` }, regions: REGIONS },
        monitor,
      ),
  });
});
afterEach(async () => {
  await api.close();
});

/** Uptime counts from a monitor's creation: by default it was created long before every window (100 days ago). */
async function createMonitor(body: Record<string, unknown> = {}, createdAt = NOW - 100 * DAY): Promise<any> {
  api.clock.set(createdAt);
  const res = await api.call('POST', '/v1/monitors', { body: { name: 'api', url: targetUrl, ...body } });
  api.clock.set(NOW);
  expect(res.status).toBe(201);
  return res.json();
}

/** Seconds from the start of a window of `days` days (the first of its hours) to NOW. */
const observedSeconds = (days: number) => (NOW - (THIS_HOUR + HOUR - days * DAY)) / 1000;

async function setState(monitorId: string, status: MonitorStatus, openIncidentId: string | null = null): Promise<void> {
  const current = await api.stores.states.get(monitorId);
  await api.stores.states.put(
    { monitorId, status, version: current?.version ?? 0, since: '2026-11-21T12:00:00.000Z', lastCheckAt: null, failures: {}, successes: 0, verification: null, openIncidentId, certWarnings: null },
    current?.version ?? 0,
  );
}

/** `checks` checks in the hour, `failures` of them failed, every one taking `latencyMs`. */
async function rollup(monitorId: string, region: string, hour: number, checks: number, failures: number, latencyMs: number, anomalies = 0): Promise<void> {
  await api.stores.results.addToRollup(
    { monitorId, region, hour },
    { checks, failures, anomalies, latencySumMs: checks * latencyMs, histogram: checks > 0 ? { [bucketOf(latencyMs)]: checks } : {} },
  );
}

function result(monitorId: string, id: string, region: string, startedAt: number, success: boolean): StoredResult {
  const check: CheckResult = {
    url: targetUrl,
    method: 'GET',
    region,
    startedAt: new Date(startedAt).toISOString(),
    connected: true,
    status: success ? 200 : 503,
    httpVersion: '1.1',
    remoteIp: '127.0.0.1',
    timings: { dns: 0, connect: 1, tls: null, ttfb: 2, total: 3 },
    headers: {},
    bodyBytes: 2,
    tls: null,
    redirects: [],
    error: null,
    success,
    cause: success ? null : 'condition',
    conditions: [{ condition: success ? '[STATUS] (200) < 400' : '[STATUS] (503) < 400', success }],
    bodyExcerpt: 'ok',
  };
  return { ...check, id, monitorId, kind: 'scheduled' };
}

describe('GET /v1/monitors/{id}/checks', () => {
  let monitorId: string;
  beforeEach(async () => {
    monitorId = (await createMonitor()).id;
    for (let i = 0; i < 6; i++) {
      await api.stores.results.putResult(result(monitorId, `r${i}`, REGIONS[i % 2]!, NOW - (6 - i) * 60_000, i !== 3));
    }
  });

  it('lists results newest first, in pages', async () => {
    const first = CheckPageSchema.parse((await api.call('GET', `/v1/monitors/${monitorId}/checks?limit=4`)).json());
    expect(first.items.map((r) => r.id)).toEqual(['r5', 'r4', 'r3', 'r2']);
    const second = CheckPageSchema.parse((await api.call('GET', `/v1/monitors/${monitorId}/checks?limit=4&cursor=${encodeURIComponent(first.nextCursor!)}`)).json());
    expect(second.items.map((r) => r.id)).toEqual(['r1', 'r0']);
    expect(second.nextCursor).toBeNull();
    expect(first.items[1]).toMatchObject({ monitorId, region: 'local-a', status: 200, success: true, kind: 'scheduled' });
  });

  it.each([
    ['region=local-b', ['r5', 'r3', 'r1']],
    [`since=${new Date(NOW - 3 * 60_000).toISOString()}`, ['r5', 'r4', 'r3']],
    [`until=${new Date(NOW - 3 * 60_000).toISOString()}`, ['r2', 'r1', 'r0']],
    [`since=${encodeURIComponent('2026-11-21T13:25:00+01:00')}&until=2026-11-21T12:27:00Z`, ['r2', 'r1']],
    ['region=nowhere', []],
  ])('filters with ?%s', async (query, ids) => {
    const page = (await api.call('GET', `/v1/monitors/${monitorId}/checks?${query}`)).json();
    expect(page.items.map((r: { id: string }) => r.id)).toEqual(ids);
  });

  it.each([
    ['since=yesterday', 'since'],
    ['until=2026-11-21', 'until'],
    ['since=2026-11-21T12:00:00', 'since'],
    ['limit=500', 'limit'],
    ['cursor=bad', 'cursor'],
    ['region=', 'region'],
  ])('?%s: 400 naming %s', async (query, field) => {
    const res = await api.call('GET', `/v1/monitors/${monitorId}/checks?${query}`);
    expect(res.status).toBe(400);
    expect(res.json().errors).toEqual([{ path: field, message: expect.any(String) }]);
  });
});

describe('GET /v1/monitors/{id}/stats', () => {
  let monitorId: string;
  beforeEach(async () => {
    monitorId = (await createMonitor()).id;
    // Each of the last 90 days, one hour per region: local-a 100 checks (1 failure) at 100 ms, local-b 100 checks (0 failures) at 400 ms.
    for (let d = 0; d < 90; d++) {
      await rollup(monitorId, 'local-a', THIS_HOUR - d * DAY, 100, 1, 100, d === 0 ? 2 : 0);
      await rollup(monitorId, 'local-b', THIS_HOUR - d * DAY, 100, 0, 400);
    }
    // Older than 90 days: never counted.
    await rollup(monitorId, 'local-a', THIS_HOUR - 95 * DAY, 100, 100, 10_000);
    // A raw result with no rollup: stats read rollups only, so it is not counted.
    await api.stores.results.putResult(result(monitorId, 'raw', 'local-a', NOW - 60_000, false));
    const incident: Incident = {
      id: 'inc1',
      monitorId,
      monitorName: 'api',
      status: 'resolved',
      openedAt: new Date(NOW - 2 * HOUR).toISOString(),
      resolvedAt: new Date(NOW - 2 * HOUR + 300_000).toISOString(),
      cause: 'timeout',
      verification: 'confirmed',
      primary: { region: 'local-a', result: result(monitorId, 'p', 'local-a', NOW - 2 * HOUR, false) },
      verifier: null,
      ledger: { opened: null, resolved: null },
    };
    await api.stores.incidents.create(incident);
  });

  it.each([
    ['24h', 1],
    ['7d', 7],
    ['30d', 30],
    ['90d', 90],
  ])('?window=%s counts the rollups of %i days', async (window, days) => {
    const res = await api.call('GET', `/v1/monitors/${monitorId}/stats?window=${window}`);
    expect(res.status).toBe(200);
    const stats = StatsSchema.parse(res.json());
    expect(stats).toMatchObject({ monitorId, window, checks: 200 * days, failures: days, anomalies: 2, incidents: 1, mttrSeconds: 300, downtimeSeconds: 300 });
    expect(stats.checkSuccessRatio).toBeCloseTo(1 - days / (200 * days));
    // Uptime is the incident's 5 minutes over the observed time, whatever the failed checks.
    expect(stats.observedSeconds).toBe(observedSeconds(days));
    expect(stats.uptime).toBeCloseTo(1 - 300 / observedSeconds(days), 12);
    expect(stats.to).toBe('2026-11-21T13:00:00.000Z');
    expect(stats.latency.mean).toBe(250);
    // Half the checks at 100 ms, half at 400 ms: p50 in the 100 ms bucket, p95/p99 in the 400 ms one.
    expect(stats.latency.p50!).toBeGreaterThan(100 / 1.2);
    expect(stats.latency.p50!).toBeLessThan(100 * 1.2);
    expect(stats.latency.p99!).toBeGreaterThan(400 / 1.2);
    expect(stats.regions).toEqual([
      expect.objectContaining({ region: 'local-a', checks: 100 * days, failures: days, anomalies: 2 }),
      expect.objectContaining({ region: 'local-b', checks: 100 * days, failures: 0, checkSuccessRatio: 1 }),
    ]);
  });

  it('defaults to 24h', async () => {
    expect((await api.call('GET', `/v1/monitors/${monitorId}/stats`)).json()).toMatchObject({ window: '24h', checks: 200 });
  });

  it.each(['1y', '24H', ''])('?window=%s: 400 naming window', async (window) => {
    const res = await api.call('GET', `/v1/monitors/${monitorId}/stats?window=${window}`);
    expect(res.status).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'window', message: 'must be one of 24h, 7d, 30d, 90d' }]);
  });
});

describe('POST /v1/monitors/{id}/check', () => {
  it('checks from every region now, stores the results as manual, leaves state and stats alone', async () => {
    const monitor = await createMonitor();
    const res = await api.call('POST', `/v1/monitors/${monitor.id}/check`);
    expect(res.status).toBe(200);
    const body = CheckNowSchema.parse(res.json());
    expect(body.results.map((r) => [r.region, r.success, r.status, r.kind])).toEqual([
      ['local-a', true, 200, 'manual'],
      ['local-b', true, 200, 'manual'],
    ]);
    expect(body.results.map((r) => r.bodyExcerpt)).toEqual(['{"region":"local-a"}', '{"region":"local-b"}']);
    const checks = (await api.call('GET', `/v1/monitors/${monitor.id}/checks`)).json();
    expect(checks.items.map((r: { id: string }) => r.id).sort()).toEqual(body.results.map((r) => r.id).sort());
    expect((await api.call('GET', `/v1/monitors/${monitor.id}`)).json().state).toBe('PENDING');
    expect((await api.call('GET', `/v1/monitors/${monitor.id}/stats`)).json().checks).toBe(0);
  });

  it('checks only the regions the monitor names', async () => {
    const monitor = await createMonitor({ regions: ['local-b'] });
    const body = (await api.call('POST', `/v1/monitors/${monitor.id}/check`)).json();
    expect(body.results.map((r: { region: string }) => r.region)).toEqual(['local-b']);
  });
});

describe('GET /v1/status and /v1/status/{id}', () => {
  it('lists every monitor with state, uptime and open incident, and nothing private', async () => {
    const up = await createMonitor({ name: 'web', headers: { 'X-Api-Key': 'k3y-value' }, body: 'private-body' });
    const down = await createMonitor({ name: 'db' });
    await createMonitor({ name: 'new' }, NOW);
    await setState(up.id, 'UP');
    await setState(down.id, 'DOWN', 'inc-open');
    await api.stores.incidents.create({
      id: 'inc-open',
      monitorId: down.id,
      monitorName: 'db',
      status: 'open',
      openedAt: '2026-11-21T12:10:00.000Z',
      resolvedAt: null,
      cause: 'connect',
      verification: 'confirmed',
      primary: { region: 'local-a', result: result(down.id, 'p', 'local-a', NOW - 20 * 60_000, false) },
      verifier: null,
      ledger: { opened: null, resolved: null },
    });
    await rollup(up.id, 'local-a', THIS_HOUR, 10, 1, 50);
    await rollup(up.id, 'local-a', THIS_HOUR - 10 * DAY, 10, 10, 50);

    const res = await api.call('GET', '/v1/status', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const status = StatusSchema.parse(res.json());
    expect(status.generatedAt).toBe('2026-11-21T12:30:00.000Z');
    // web: failed checks but no incident; db: down since 12:10, 20 minutes; new: created just now, nothing observed yet.
    expect(status.monitors.map((m) => [m.name, m.state, m.uptime['24h'], m.uptime['30d'], m.openIncident?.id ?? null])).toEqual([
      ['web', 'UP', 1, 1, null],
      ['db', 'DOWN', 1 - 1200 / observedSeconds(1), 1 - 1200 / observedSeconds(30), 'inc-open'],
      ['new', 'PENDING', null, null, null],
    ]);
    for (const secret of [targetUrl, '127.0.0.1', 'k3y-value', 'private-body', 'X-Api-Key']) expect(res.text).not.toContain(secret);
  });

  it("gives one monitor's detail: uptime per window, 90 daily bars, hourly latency per region, incidents", async () => {
    const monitor = await createMonitor({ headers: { 'X-Api-Key': 'k3y-value' } });
    await setState(monitor.id, 'UP');
    await rollup(monitor.id, 'local-a', THIS_HOUR, 10, 0, 50);
    await rollup(monitor.id, 'local-b', THIS_HOUR, 10, 5, 200);
    await rollup(monitor.id, 'local-a', THIS_HOUR - 3 * HOUR, 4, 0, 80);
    await rollup(monitor.id, 'local-a', THIS_HOUR - 40 * DAY, 10, 10, 80);
    for (let i = 0; i < 25; i++) {
      await api.stores.incidents.create({
        id: `inc${String(i).padStart(2, '0')}`,
        monitorId: monitor.id,
        monitorName: 'api',
        status: 'resolved',
        openedAt: new Date(NOW - (30 - i) * DAY).toISOString(),
        resolvedAt: new Date(NOW - (30 - i) * DAY + 60_000).toISOString(),
        cause: 'condition',
        verification: 'confirmed',
        primary: { region: 'local-a', result: result(monitor.id, `p${i}`, 'local-a', NOW - (30 - i) * DAY, false) },
        verifier: null,
        ledger: { opened: i, resolved: null },
      });
    }

    const res = await api.call('GET', `/v1/status/${monitor.id}`, { token: null });
    expect(res.status).toBe(200);
    const detail = StatusDetailSchema.parse(res.json());
    // One minute down per incident, 30 to 6 days ago: 7d holds the newest, 30d all but the oldest (just before its first hour), 90d all 25.
    expect(detail).toMatchObject({
      id: monitor.id,
      name: 'api',
      state: 'UP',
      uptime: { '24h': 1, '7d': 1 - 60 / observedSeconds(7), '30d': 1 - (24 * 60) / observedSeconds(30), '90d': 1 - (25 * 60) / observedSeconds(90) },
    });
    expect(detail.daily).toHaveLength(90);
    expect(detail.daily.at(-1)).toEqual({ date: '2026-11-21', uptime: 1, checks: 24, failures: 5 });
    expect(detail.daily.find((d) => d.date === '2026-10-12')).toEqual({ date: '2026-10-12', uptime: 1, checks: 10, failures: 10 });
    expect(detail.daily.find((d) => d.date === '2026-11-15')).toEqual({ date: '2026-11-15', uptime: 1 - 60 / 86_400, checks: 0, failures: 0 });
    expect(detail.daily[0]).toMatchObject({ date: '2026-08-24', uptime: 1 });
    expect(detail.latency.regions.map((r) => [r.region, r.points.map((p) => [p.hour, p.checks])])).toEqual([
      ['local-a', [['2026-11-21T09:00:00.000Z', 4], ['2026-11-21T12:00:00.000Z', 10]]],
      ['local-b', [['2026-11-21T12:00:00.000Z', 10]]],
    ]);
    expect(detail.incidents).toHaveLength(20);
    expect(detail.incidents[0]).toEqual({ id: 'inc24', status: 'resolved', openedAt: expect.any(String), resolvedAt: expect.any(String), cause: 'condition', verification: 'confirmed', ledger: { opened: 24, resolved: null } });
    for (const secret of [targetUrl, '127.0.0.1', 'k3y-value']) expect(res.text).not.toContain(secret);
  });

  it('has no uptime for the days and windows before the monitor was created', async () => {
    const monitor = await createMonitor({}, Date.parse('2026-11-20T06:00:00Z'));
    const detail = StatusDetailSchema.parse((await api.call('GET', `/v1/status/${monitor.id}`, { token: null })).json());
    expect(detail.daily.slice(-3).map((d) => [d.date, d.uptime])).toEqual([
      ['2026-11-19', null],
      ['2026-11-20', 1],
      ['2026-11-21', 1],
    ]);
    expect(detail.daily.filter((d) => d.uptime !== null)).toHaveLength(2);
    expect(detail.uptime).toEqual({ '24h': 1, '7d': 1, '30d': 1, '90d': 1 });
  });

  it('is 404 for an unknown monitor', async () => {
    const res = await api.call('GET', '/v1/status/nope', { token: null });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
  });
});

describe('badges', () => {
  const fill = (svg: string) => /<rect x="\d+" width="\d+" height="20" fill="([^"]+)"/.exec(svg)![1];

  it.each([
    ['UP', false, 'up', '#4c1'],
    ['DOWN', false, 'down', '#e05d44'],
    ['VERIFYING', false, 'verifying', '#dfb317'],
    [null, false, 'pending', '#9f9f9f'],
    ['UP', true, 'paused', '#9f9f9f'],
  ] as const)('status.svg for %s (paused %s) reads %s', async (state, paused, message, color) => {
    const monitor = await createMonitor({ name: 'shop <&> "api"', paused });
    if (state) await setState(monitor.id, state);
    const res = await api.call('GET', `/badges/${monitor.id}/status.svg`, { token: null });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.text).toContain(`<title>shop &lt;&amp;&gt; &quot;api&quot;: ${message}</title>`);
    expect(fill(res.text)).toBe(color);
  });

  it.each([
    ['', 'uptime 30d', '99.02%', '#97ca00'],
    ['?window=24h', 'uptime 24h', '100%', '#4c1'],
    ['?window=90d', 'uptime 90d', '88.56%', '#e05d44'],
  ])('uptime.svg%s reads %s %s', async (query, label, message, color) => {
    const monitor = await createMonitor();
    await rollup(monitor.id, 'local-a', THIS_HOUR, 99, 0, 10);
    // Failed checks alone (refuted, no incident) do not count; incidents do: 7 hours two days ago, 10 days from 60 days ago.
    await rollup(monitor.id, 'local-a', THIS_HOUR - 60 * DAY, 100, 100, 10);
    for (const [id, opened, hours] of [['i1', NOW - 2 * DAY, 7], ['i2', NOW - 60 * DAY, 240]] as const) {
      await api.stores.incidents.create({
        id,
        monitorId: monitor.id,
        monitorName: 'api',
        status: 'resolved',
        openedAt: new Date(opened).toISOString(),
        resolvedAt: new Date(opened + hours * HOUR).toISOString(),
        cause: 'connect',
        verification: id === 'i2' ? 'unavailable' : 'confirmed',
        primary: { region: 'local-a', result: result(monitor.id, `p-${id}`, 'local-a', opened, false) },
        verifier: null,
        ledger: { opened: null, resolved: null },
      });
    }
    const res = await api.call('GET', `/badges/${monitor.id}/uptime.svg${query}`, { token: null });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<title>${label}: ${message}</title>`);
    expect(fill(res.text)).toBe(color);
  });

  it('uptime.svg of a monitor created just now reads "no data"', async () => {
    const monitor = await createMonitor({}, NOW);
    expect((await api.call('GET', `/badges/${monitor.id}/uptime.svg`)).text).toContain('<title>uptime 30d: no data</title>');
  });

  it.each(['status.svg', 'uptime.svg'])('%s of an unknown monitor is a grey 404 badge', async (file) => {
    const res = await api.call('GET', `/badges/nope/${file}`, { token: null });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.text).toContain('<title>crosscheck: unknown monitor</title>');
  });

  it.each([
    ['uptime.svg?window=1y', 400, 'window: must be one of 24h, 7d, 30d, 90d'],
    ['uptime.svg?window=1y&window=2y', 400, 'window: must be given at most once'],
    ['response-time.svg?statistic=p42', 400, 'statistic: must be one of p50, p95, p99, mean'],
    ['response-time.svg?window=1y', 400, 'window: must be one of 24h, 7d, 30d, 90d'],
    ['latency.svg', 404, 'no such badge: use status.svg, uptime.svg or response-time.svg'],
    ['status.svg/more', 404, 'no such badge: use status.svg, uptime.svg or response-time.svg'],
  ])('%s answers an SVG an <img> can show: %s, grey "unknown", the reason in its title', async (path, status, reason) => {
    const monitor = await createMonitor();
    const res = await api.call('GET', `/badges/${monitor.id}/${path}`, { token: null });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.text).toContain(`<title>crosscheck: unknown (${reason})</title>`);
    expect(res.text).toContain('>unknown</text>');
  });

  it('a failing store gives an SVG too, 500 and not cached, and the error is logged', async () => {
    await api.close();
    api = await openApiHarness({ now: NOW, override: (deps) => ({ monitors: { ...deps.monitors, get: () => Promise.reject(new Error('disk gone')) } }) });
    const res = await api.call('GET', '/badges/m1/status.svg', { token: null });
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<title>crosscheck: unknown (An internal error occurred; it has been logged.)</title>');
    expect(api.errors).toHaveLength(1);
  });

  it.each([
    ['', 'response time 24h p50', '42 ms', '#4c1'],
    ['?statistic=p99&window=7d', 'response time 7d p99', '2500 ms', '#e05d44'],
    ['?statistic=mean&window=7d', 'response time 7d mean', '534 ms', '#dfb317'],
  ])('response-time.svg%s reads %s %s from the rollups of every region', async (query, label, message, color) => {
    const monitor = await createMonitor();
    await rollup(monitor.id, 'local-a', THIS_HOUR, 50, 0, 42);
    await rollup(monitor.id, 'local-b', THIS_HOUR - HOUR, 50, 0, 42);
    await rollup(monitor.id, 'local-a', THIS_HOUR - 3 * DAY, 25, 0, 2500);
    const res = await api.call('GET', `/badges/${monitor.id}/response-time.svg${query}`, { token: null });
    expect(res.status).toBe(200);
    const title = /<title>([^<]+)<\/title>/.exec(res.text)![1]!;
    expect(title.startsWith(`${label}: `)).toBe(true);
    // Percentiles come from histogram buckets (within about 10%); the mean is exact.
    const shown = title.slice(label.length + 2);
    expect(Math.abs(Number.parseInt(shown, 10) - Number.parseInt(message, 10)) / Number.parseInt(message, 10)).toBeLessThan(0.1);
    expect(fill(res.text)).toBe(color);
  });

  it('response-time.svg with no checks reads "no data"', async () => {
    const monitor = await createMonitor();
    expect((await api.call('GET', `/badges/${monitor.id}/response-time.svg`)).text).toContain('<title>response time 24h p50: no data</title>');
  });
});

describe('the dashboard files', () => {
  it('serves / as the HTML page with a strict content security policy', async () => {
    const res = await api.call('GET', '/', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toBe(ASSETS['index.html']!.body);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['app.js', 'lib/chart.js'])('serves /assets/%s', async (file) => {
    const res = await api.call('GET', `/assets/${file}`, { token: null });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.text).toBe(ASSETS[file]!.body);
    expect(res.raw.isBase64Encoded).toBe(false);
  });

  it('serves binary files base64-encoded', async () => {
    const res = await api.call('GET', '/assets/logo.png');
    expect(res.status).toBe(200);
    expect(res.raw.isBase64Encoded).toBe(true);
    expect(Buffer.from(res.raw.body, 'base64')).toEqual(Buffer.from(ASSETS['logo.png']!.body, 'latin1'));
  });

  it.each(['missing.js', '..%2Fsecret', '../index.html', '.env', 'lib//chart.js', 'lib/../app.js', '%2e%2e/x'])('/assets/%s is 404', async (file) => {
    expect((await api.call('GET', `/assets/${file}`)).status).toBe(404);
  });

  it('answers HEAD for a file with its length and no body', async () => {
    const res = await api.call('HEAD', '/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(ASSETS['app.js']!.body)));
  });
});

describe('GET /healthz', () => {
  it('answers without auth', async () => {
    const res = await api.call('GET', '/healthz', { token: null });
    expect(res.status).toBe(200);
    expect(HealthSchema.parse(res.json())).toEqual({ status: 'ok', time: '2026-11-21T12:30:00.000Z' });
  });
});
