/**
 * GET /v1/summary (the admin overview in one request, with ETag and 304) and
 * GET /v1/monitors/{id}/anomalies (refuted failures with both locations' results).
 */
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bucketOf } from '../../functions/core/latency.ts';
import { AnomalyListSchema, SummarySchema } from '../../functions/api/schemas/summary.ts';
import { anomaly, failingResult, incident, iso, state, storedResult } from '../helpers/fixtures.ts';
import { openApiHarness, type ApiHarness } from './api-harness.ts';

const NOW = Date.parse('2026-11-21T12:30:00Z');
const HOUR = 3_600_000;

let api: ApiHarness;
beforeEach(async () => {
  api = await openApiHarness({ now: NOW });
});
afterEach(async () => {
  await api.close();
});

async function monitor(name: string, body: Record<string, unknown> = {}): Promise<string> {
  api.clock.set(NOW - 2 * 24 * HOUR);
  const res = await api.call('POST', '/v1/monitors', { body: { name, url: `https://${name}.example.test/`, ...body } });
  api.clock.set(NOW);
  expect(res.status).toBe(201);
  return res.json().id;
}

async function setState(id: string, overrides: Parameters<typeof state>[1]): Promise<void> {
  const current = await api.stores.states.get(id);
  await api.stores.states.put({ ...state(id, overrides), version: current?.version ?? 0 }, current?.version ?? 0);
}

describe('GET /v1/summary', () => {
  it('lists down first, then degraded, up, pending and paused, each with why, since and from where', async () => {
    const up = await monitor('alpha-up');
    const blip = await monitor('beta-blip');
    const down = await monitor('gamma-down');
    const verifying = await monitor('delta-verifying');
    const pending = await monitor('epsilon-pending');
    const paused = await monitor('zeta-paused', { paused: true });
    await setState(up, { status: 'UP', since: iso(NOW - 5 * HOUR) });
    await setState(blip, { status: 'UP', since: iso(NOW - 5 * HOUR) });
    await api.stores.results.putAnomaly(anomaly('anm-1', blip, NOW - 10 * 60_000));
    await api.stores.incidents.create(incident('inc-1', down, NOW - HOUR));
    await setState(down, { status: 'DOWN', since: iso(NOW - HOUR), openIncidentId: 'inc-1' });
    await api.stores.results.putResult(storedResult('r1', verifying, NOW - 60_000, { ...failingResult('local-a', NOW - 60_000, 'connect'), errorCode: 'ECONNREFUSED', conditions: [] }));
    await setState(verifying, {
      status: 'VERIFYING',
      since: iso(NOW - 60_000),
      verification: { id: 'v1', fromRegion: 'local-a', targetRegion: 'local-b', tried: ['local-b'], requestedAt: iso(NOW - 60_000), unavailableSince: null },
    });
    void pending;
    void paused;

    const res = await api.call('GET', '/v1/summary');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = SummarySchema.parse(res.json());
    expect(body.monitors.map((m) => [m.name, m.health])).toEqual([
      ['gamma-down', 'down'],
      // Within one health, the longest in it first.
      ['beta-blip', 'degraded'],
      ['delta-verifying', 'degraded'],
      ['alpha-up', 'up'],
      ['epsilon-pending', 'pending'],
      ['zeta-paused', 'paused'],
    ]);
    expect(body.counts).toEqual({ down: 1, degraded: 2, up: 1, pending: 1, paused: 1 });
    const byName = Object.fromEntries(body.monitors.map((m) => [m.name, m]));
    expect(byName['gamma-down']).toMatchObject({
      reason: '[STATUS] (503) == 200',
      since: iso(NOW - HOUR),
      locations: ['local-a', 'local-b'],
      incident: { id: 'inc-1', cause: 'condition', verification: 'confirmed', confirmedBy: ['local-a', 'local-b'] },
    });
    expect(byName['gamma-down']!.uptime24h).toBeCloseTo(1 - 1 / 23.5, 3); // 24 whole hours from 13:00 yesterday to now, 12:30;
    expect(byName['delta-verifying']).toMatchObject({
      reason: 'failed in local-a, local-b verifying: connect: ECONNREFUSED',
      verifying: { fromRegion: 'local-a', targetRegion: 'local-b' },
    });
    expect(byName['beta-blip']).toMatchObject({
      state: 'UP',
      since: iso(NOW - 5 * HOUR),
      reason: 'local-a saw [STATUS] (503) == 200; local-b refuted it',
      anomalies24h: 1,
      lastAnomaly: { region: 'local-a', refutedBy: 'local-b', reason: '[STATUS] (503) == 200' },
    });
    expect(byName['alpha-up']).toMatchObject({ reason: null, incident: null, uptime24h: 1 });
    expect(byName['zeta-paused']!.reason).toBe('paused: checks stopped');
    expect(body.anomalies).toEqual([{ id: 'anm-1', monitorId: blip, at: iso(NOW - 10 * 60_000), region: 'local-a', refutedBy: 'local-b', reason: '[STATUS] (503) == 200' }]);
    // Nothing private: no URL of any monitor.
    expect(res.text).not.toContain('example.test');
  });

  it('gives a 24-point latency sparkline, null for hours without checks', async () => {
    const id = await monitor('shop');
    const thisHour = Math.floor(NOW / HOUR) * HOUR;
    await api.stores.results.addToRollup({ monitorId: id, region: 'local-a', hour: thisHour }, { checks: 10, failures: 0, anomalies: 0, latencySumMs: 1000, histogram: { [bucketOf(100)]: 10 } });
    await api.stores.results.addToRollup({ monitorId: id, region: 'local-b', hour: thisHour - 2 * HOUR }, { checks: 10, failures: 0, anomalies: 0, latencySumMs: 3000, histogram: { [bucketOf(300)]: 10 } });
    const line = SummarySchema.parse((await api.call('GET', '/v1/summary')).json()).monitors[0]!.latency24h;
    expect(line).toHaveLength(24);
    expect(line.slice(0, 21).every((v) => v === null)).toBe(true);
    expect(Math.abs(line[21]! - 300) / 300).toBeLessThan(0.1);
    expect(line[22]).toBeNull();
    expect(Math.abs(line[23]! - 100) / 100).toBeLessThan(0.1);
  });

  it('answers 304 to If-None-Match while nothing changed, and a new ETag once something did', async () => {
    const id = await monitor('shop');
    const first = await api.call('GET', '/v1/summary');
    const etag = first.headers['etag']!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    api.clock.advance(5000);
    const again = await api.call('GET', '/v1/summary', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers['etag']).toBe(etag);
    expect((await api.call('GET', '/v1/summary', { headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(304);
    await setState(id, { status: 'UP', since: iso(NOW) });
    const changed = await api.call('GET', '/v1/summary', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers['etag']).not.toBe(etag);
  });

  it('goes gzipped to a client that accepts it', async () => {
    for (let i = 0; i < 5; i++) await monitor(`shop-${i}`);
    const plain = await api.call('GET', '/v1/summary');
    const res = await api.call('GET', '/v1/summary', { headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['vary']).toBe('accept-encoding');
    expect(gunzipSync(Buffer.from(res.raw.body, 'base64')).toString('utf8')).toBe(plain.text);
    expect((await api.call('GET', '/v1/summary', { headers: { 'accept-encoding': 'gzip;q=0' } })).headers['content-encoding']).toBeUndefined();
  });

  it('needs the token', async () => {
    const res = await api.call('GET', '/v1/summary', { token: null });
    expect(res.status).toBe(401);
    expect((await api.call('GET', '/v1/summary', { token: 'wrong-token-wrong-token' })).status).toBe(401);
  });
});

describe('GET /v1/monitors/{id}/anomalies', () => {
  it('lists refuted failures newest first with what each location saw', async () => {
    const id = await monitor('shop');
    await api.stores.results.putAnomaly(anomaly('anm-1', id, NOW - 2 * HOUR));
    await api.stores.results.putAnomaly(anomaly('anm-2', id, NOW - HOUR, 'local-c'));
    const res = await api.call('GET', `/v1/monitors/${id}/anomalies?limit=5`);
    expect(res.status).toBe(200);
    const body = AnomalyListSchema.parse(res.json());
    expect(body.items.map((a) => [a.id, a.region, a.refutedBy])).toEqual([
      ['anm-2', 'local-c', 'local-b'],
      ['anm-1', 'local-a', 'local-b'],
    ]);
    expect(body.items[0]!.primary.result.failedConditions).toEqual(['[STATUS] (503) == 200']);
    expect(body.items[0]!.verifier.result.status).toBe(200);
  });

  it.each([
    ['/v1/monitors/nope/anomalies', 404, undefined],
    ['/v1/monitors/{id}/anomalies?limit=0', 400, 'limit'],
    ['/v1/monitors/{id}/anomalies?limit=101', 400, 'limit'],
  ])('%s: %s', async (path, status, field) => {
    const id = await monitor('shop');
    const res = await api.call('GET', path.replace('{id}', id));
    expect(res.status).toBe(status);
    if (field) expect(res.json().errors[0].path).toBe(field);
  });

  it('needs the token', async () => {
    const id = await monitor('shop');
    expect((await api.call('GET', `/v1/monitors/${id}/anomalies`, { token: null })).status).toBe(401);
  });
});
