/**
 * The local runtime's Prometheus / OpenMetrics figures, with prom-client:
 * - observed as checks happen (counters since the process started, as Prometheus
 *   expects): `crosscheck_checks_total` and `crosscheck_check_failures_total` per
 *   monitor and location, the `crosscheck_check_duration_seconds` histogram, and
 *   `crosscheck_certificate_expiry_seconds` from the last certificate seen;
 * - read from the stores at scrape time: `crosscheck_monitor_up` and
 *   `crosscheck_monitor_state` (one series per state, 1 for the current one),
 *   `crosscheck_monitor_open_incidents` and `crosscheck_open_incidents`;
 * - the runtime's own health: prom-client's default process and Node.js metrics
 *   (CPU, memory, event loop lag, handles) under `crosscheck_`.
 * Labels carry the monitor's name and id and the location, never its URL.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type RegistryContentType } from 'prom-client';
import { MONITOR_STATUSES } from '../../../core/state.ts';
import type { CheckResult } from '../../../core/check-result.ts';
import type { IncidentStore } from '../../../ports/incident-store.ts';
import type { MetricsSource } from '../../../ports/metrics.ts';
import type { MonitorStore } from '../../../ports/monitor-store.ts';
import type { StateStore } from '../../../ports/state-store.ts';

export interface PrometheusMetrics extends MetricsSource {
  /** One check's result, from `location`, of the monitor named so. */
  observeCheck(monitor: { readonly id: string; readonly name: string }, location: string, result: CheckResult): void;
}

export interface PrometheusMetricsDeps {
  readonly monitors: Pick<MonitorStore, 'all'>;
  readonly states: Pick<StateStore, 'get'>;
  readonly incidents: Pick<IncidentStore, 'list'>;
  /** Epoch ms. */
  readonly now: () => number;
}

const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createPrometheusMetrics(deps: PrometheusMetricsDeps): PrometheusMetrics {
  const registry = new Registry<RegistryContentType>();
  collectDefaultMetrics({ register: registry, prefix: 'crosscheck_' });
  const perLocation = ['monitor', 'monitor_id', 'location'] as const;
  const checks = new Counter({ name: 'crosscheck_checks_total', help: 'Checks run, by monitor and location.', labelNames: perLocation, registers: [registry] });
  const failures = new Counter({ name: 'crosscheck_check_failures_total', help: 'Checks that failed, by monitor and location.', labelNames: perLocation, registers: [registry] });
  const duration = new Histogram({ name: 'crosscheck_check_duration_seconds', help: 'Whole-check latency (DNS to the last byte), by monitor and location.', labelNames: perLocation, buckets: LATENCY_BUCKETS, registers: [registry] });
  const certExpiry = new Gauge({ name: 'crosscheck_certificate_expiry_seconds', help: "Seconds until the monitor's TLS certificate expires, as last seen (negative once expired).", labelNames: perLocation, registers: [registry] });

  const up = new Gauge({ name: 'crosscheck_monitor_up', help: '1 while the monitor is up (UP or VERIFYING a single-location failure), 0 while DOWN; absent before its first check and while paused.', labelNames: ['monitor', 'monitor_id'], registers: [registry] });
  const state = new Gauge({ name: 'crosscheck_monitor_state', help: "The monitor's state: 1 for the current one, 0 for the others.", labelNames: ['monitor', 'monitor_id', 'state'], registers: [registry] });
  const monitorOpen = new Gauge({ name: 'crosscheck_monitor_open_incidents', help: 'Open incidents of the monitor (0 or 1).', labelNames: ['monitor', 'monitor_id'], registers: [registry] });
  const open = new Gauge({ name: 'crosscheck_open_incidents', help: 'Open incidents, all monitors.', registers: [registry] });

  async function collectState(): Promise<void> {
    up.reset();
    state.reset();
    monitorOpen.reset();
    const openByMonitor = new Map<string, number>();
    let cursor: string | undefined;
    do {
      const page = await deps.incidents.list({ status: 'open', limit: 100, cursor });
      for (const incident of page.items) openByMonitor.set(incident.monitorId, (openByMonitor.get(incident.monitorId) ?? 0) + 1);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    open.set([...openByMonitor.values()].reduce((a, b) => a + b, 0));
    for (const monitor of await deps.monitors.all()) {
      const labels = { monitor: monitor.name, monitor_id: monitor.id };
      const current = monitor.paused ? 'PAUSED' : ((await deps.states.get(monitor.id))?.status ?? 'PENDING');
      for (const s of [...MONITOR_STATUSES, 'PAUSED']) state.set({ ...labels, state: s }, s === current ? 1 : 0);
      if (current === 'DOWN') up.set(labels, 0);
      else if (current === 'UP' || current === 'VERIFYING') up.set(labels, 1);
      monitorOpen.set(labels, openByMonitor.get(monitor.id) ?? 0);
    }
  }

  return {
    observeCheck(monitor, location, result) {
      const labels = { monitor: monitor.name, monitor_id: monitor.id, location };
      checks.inc(labels);
      if (!result.success) failures.inc(labels);
      duration.observe(labels, result.timings.total / 1000);
      if (result.tls?.notAfter) certExpiry.set(labels, Math.round((Date.parse(result.tls.notAfter) - deps.now()) / 1000));
    },
    async render({ openMetrics }) {
      await collectState();
      registry.setContentType(openMetrics ? Registry.OPENMETRICS_CONTENT_TYPE : Registry.PROMETHEUS_CONTENT_TYPE);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
