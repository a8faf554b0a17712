/**
 * GET /metrics through the real handler: not public (the admin token or the read-only
 * metrics token), and what it serves parsed by a real exposition-format parser, in the
 * Prometheus text format and in OpenMetrics.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearerTokenAuth } from '../../functions/api/auth.ts';
import { createPrometheusMetrics, type PrometheusMetrics } from '../../functions/adapters/local/metrics/prometheus.ts';
import { checkResult, incident, iso, monitorWithId, state, T0, tlsFacts } from '../helpers/fixtures.ts';
import { PROMETHEUS_PARSER, parseExposition, type ParsedFamily } from '../helpers/prometheus-parser.ts';
import { openApiHarness, type ApiHarness } from './api-harness.ts';

const METRICS_TOKEN = 'read-only-metrics-token-0123456789';

if (!PROMETHEUS_PARSER.available && !process.env['CI']) console.warn(`\n!!! SKIPPED: the /metrics parser tests need ${PROMETHEUS_PARSER.detail}.\n`);

describe.skipIf(!PROMETHEUS_PARSER.available && !process.env['CI'])('GET /metrics', () => {
  let api: ApiHarness;
  let metrics: PrometheusMetrics;

  beforeEach(async () => {
    let source: PrometheusMetrics | undefined;
    api = await openApiHarness({
      now: T0,
      override: (deps) => {
        source = createPrometheusMetrics({ ...deps, now: () => T0 });
        return { metrics: source, metricsAuthorize: bearerTokenAuth(METRICS_TOKEN) };
      },
    });
    metrics = source!;
    const shop = monitorWithId('m1', { name: 'shop' });
    const api2 = monitorWithId('m2', { name: 'api' });
    const paused = monitorWithId('m3', { name: 'batch', paused: true });
    for (const m of [shop, api2, paused]) await api.stores.monitors.create(m);
    await api.stores.states.put(state('m1', { status: 'DOWN', version: 1 }), 0);
    await api.stores.states.put(state('m2', { status: 'UP', version: 1 }), 0);
    await api.stores.incidents.create(incident('inc-1', 'm1', T0 - 60_000));
    const tls = { ...tlsFacts(10), notAfter: iso(T0 + 10 * 86_400_000) };
    metrics.observeCheck(shop, 'local-a', checkResult({ success: false, cause: 'condition', timings: { dns: 1, connect: 1, tls: 1, ttfb: 1, total: 120 } }));
    metrics.observeCheck(shop, 'local-b', checkResult({ success: false, cause: 'timeout', timings: { dns: 1, connect: 1, tls: 1, ttfb: 1, total: 3000 } }));
    metrics.observeCheck(api2, 'local-a', checkResult({ success: true, tls, timings: { dns: 1, connect: 1, tls: 1, ttfb: 1, total: 80 } }));
    metrics.observeCheck(api2, 'local-a', checkResult({ success: true, tls, timings: { dns: 1, connect: 1, tls: 1, ttfb: 1, total: 40 } }));
  });
  afterEach(async () => {
    await api.close();
  });

  const family = (families: ParsedFamily[], name: string) => families.find((f) => f.name === name);
  const sample = (families: ParsedFamily[], name: string, labels: Record<string, string>) =>
    families.flatMap((f) => f.samples).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

  it('is not public: 401 without a token or with a wrong one; the admin token and the metrics token both work', async () => {
    expect((await api.call('GET', '/metrics', { token: null })).status).toBe(401);
    expect((await api.call('GET', '/metrics', { token: 'a-wrong-token-of-some-length' })).status).toBe(401);
    expect((await api.call('GET', '/metrics')).status).toBe(200);
    expect((await api.call('GET', '/metrics', { token: METRICS_TOKEN })).status).toBe(200);
    // The metrics token opens nothing else.
    expect((await api.call('GET', '/v1/monitors', { token: METRICS_TOKEN })).status).toBe(401);
  });

  it('serves the Prometheus text format: states, up, checks and failures per location, latency, certificate expiry, open incidents, runtime', async () => {
    const res = await api.call('GET', '/metrics', { token: METRICS_TOKEN });
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parseExposition(res.text, 'text');
    expect(sample(families, 'crosscheck_monitor_up', { monitor: 'shop', monitor_id: 'm1' })?.value).toBe(0);
    expect(sample(families, 'crosscheck_monitor_up', { monitor: 'api' })?.value).toBe(1);
    expect(sample(families, 'crosscheck_monitor_up', { monitor: 'batch' })).toBeUndefined();
    expect(sample(families, 'crosscheck_monitor_state', { monitor: 'shop', state: 'DOWN' })?.value).toBe(1);
    expect(sample(families, 'crosscheck_monitor_state', { monitor: 'shop', state: 'UP' })?.value).toBe(0);
    expect(sample(families, 'crosscheck_monitor_state', { monitor: 'batch', state: 'PAUSED' })?.value).toBe(1);
    expect(family(families, 'crosscheck_checks')?.type).toBe('counter');
    expect(sample(families, 'crosscheck_checks_total', { monitor: 'api', location: 'local-a' })?.value).toBe(2);
    expect(sample(families, 'crosscheck_check_failures_total', { monitor: 'shop', location: 'local-b' })?.value).toBe(1);
    expect(family(families, 'crosscheck_check_duration_seconds')?.type).toBe('histogram');
    expect(sample(families, 'crosscheck_check_duration_seconds_count', { monitor: 'api', location: 'local-a' })?.value).toBe(2);
    expect(sample(families, 'crosscheck_check_duration_seconds_bucket', { monitor: 'api', location: 'local-a', le: '0.05' })?.value).toBe(1);
    expect(sample(families, 'crosscheck_check_duration_seconds_bucket', { monitor: 'shop', location: 'local-b', le: '2.5' })?.value).toBe(0);
    expect(sample(families, 'crosscheck_certificate_expiry_seconds', { monitor: 'api' })?.value).toBe(10 * 86_400);
    expect(sample(families, 'crosscheck_open_incidents', {})?.value).toBe(1);
    expect(sample(families, 'crosscheck_monitor_open_incidents', { monitor: 'shop' })?.value).toBe(1);
    expect(family(families, 'crosscheck_process_resident_memory_bytes')?.type).toBe('gauge');
    expect(family(families, 'crosscheck_nodejs_eventloop_lag_seconds')).toBeDefined();
    // Names and states only: never a monitor's URL.
    expect(res.text).not.toContain('example.test');
  });

  it('serves OpenMetrics to a scraper that asks for it', async () => {
    const res = await api.call('GET', '/metrics', { headers: { accept: 'application/openmetrics-text; version=1.0.0' } });
    expect(res.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(res.text.trimEnd().endsWith('# EOF')).toBe(true);
    const families = parseExposition(res.text, 'openmetrics');
    expect(sample(families, 'crosscheck_checks_total', { monitor: 'shop', location: 'local-a' })?.value).toBe(1);
  });

  it('the parser is real: it refuses a broken exposition', () => {
    expect(() => parseExposition('crosscheck_up{monitor="x" 1\n', 'text')).toThrow(/refused/);
  });
});
