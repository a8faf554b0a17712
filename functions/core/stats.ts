/**
 * Stats over a window, from hourly rollups only (never raw results), plus incidents for
 * MTTR and downtime. Pure: the caller reads the rollups and passes `now`.
 *
 * Uptime here is the share of checks that passed, over every region of the monitor: what
 * the probes saw. Confirmed downtime is the incidents' figure (`downtimeSeconds`).
 */
import type { Incident } from './incident.ts';
import { mergeHistograms, percentile, type LatencyHistogram } from './latency.ts';
import type { Rollup, RollupDelta } from './rollup.ts';

export const STATS_WINDOWS = ['24h', '7d', '30d', '90d'] as const;
export type StatsWindow = (typeof STATS_WINDOWS)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WINDOW_HOURS: Readonly<Record<StatsWindow, number>> = { '24h': 24, '7d': 168, '30d': 720, '90d': 2160 };

/** The hours a window covers: the current (partial) hour and the ones before it. `toHour` is exclusive. */
export function windowHours(window: StatsWindow, now: number): { readonly fromHour: number; readonly toHour: number } {
  const toHour = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  return { fromHour: toHour - WINDOW_HOURS[window] * HOUR_MS, toHour };
}

export interface LatencySummary {
  /** Milliseconds, from the rollups' histograms (within one bucket, about 10%); null without checks. */
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  /** Exact mean from the latency sums. */
  readonly mean: number | null;
}

export interface Totals {
  readonly checks: number;
  readonly failures: number;
  /** Failures seen in one region and refuted by another. */
  readonly anomalies: number;
  /** Share of checks that passed, 0..1; null without checks. */
  readonly uptime: number | null;
  readonly latency: LatencySummary;
}

export function totals(rollups: readonly RollupDelta[]): Totals {
  let checks = 0;
  let failures = 0;
  let anomalies = 0;
  let latencySum = 0;
  const histograms: LatencyHistogram[] = [];
  for (const rollup of rollups) {
    checks += rollup.checks;
    failures += rollup.failures;
    anomalies += rollup.anomalies;
    latencySum += rollup.latencySumMs;
    histograms.push(rollup.histogram);
  }
  const histogram = mergeHistograms(...histograms);
  return {
    checks,
    failures,
    anomalies,
    uptime: uptimeRatio(checks, failures),
    latency: {
      p50: round(percentile(histogram, 50)),
      p95: round(percentile(histogram, 95)),
      p99: round(percentile(histogram, 99)),
      mean: checks > 0 ? round(latencySum / checks) : null,
    },
  };
}

export function uptimeRatio(checks: number, failures: number): number | null {
  if (checks <= 0) return null;
  return Math.min(1, Math.max(0, (checks - failures) / checks));
}

/** Totals per region, regions in name order. */
export function totalsByRegion(rollups: readonly Rollup[]): Array<Totals & { readonly region: string }> {
  const byRegion = groupBy(rollups, (r) => r.region);
  return [...byRegion.keys()].sort().map((region) => ({ region, ...totals(byRegion.get(region)!) }));
}

export interface IncidentFigures {
  /** Incidents that were open at any time in the window. */
  readonly incidents: number;
  /** Mean time to recovery of the incidents resolved in the window, in seconds; null when none was. */
  readonly mttrSeconds: number | null;
  /** Time in the window with an incident open, in seconds. */
  readonly downtimeSeconds: number;
}

/** Incidents overlapping [from, to] (epoch ms; `to` is usually now). */
export function incidentFigures(
  incidents: readonly Pick<Incident, 'openedAt' | 'resolvedAt'>[],
  from: number,
  to: number,
): IncidentFigures {
  let count = 0;
  let downtime = 0;
  let repairTotal = 0;
  let repaired = 0;
  for (const incident of incidents) {
    const opened = Date.parse(incident.openedAt);
    const resolved = incident.resolvedAt === null ? null : Date.parse(incident.resolvedAt);
    const end = resolved ?? to;
    if (opened > to || end < from) continue;
    count += 1;
    downtime += Math.max(0, Math.min(end, to) - Math.max(opened, from));
    if (resolved !== null && resolved >= from && resolved <= to) {
      repairTotal += resolved - opened;
      repaired += 1;
    }
  }
  return {
    incidents: count,
    mttrSeconds: repaired > 0 ? Math.round(repairTotal / repaired / 1000) : null,
    downtimeSeconds: Math.round(downtime / 1000),
  };
}

export interface DailyUptime {
  /** UTC day, YYYY-MM-DD. */
  readonly date: string;
  readonly uptime: number | null;
  readonly checks: number;
  readonly failures: number;
}

/** One entry per UTC day for the last `days` days (today included), oldest first. */
export function dailyUptime(rollups: readonly Rollup[], days: number, now: number): DailyUptime[] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const first = today - (days - 1) * DAY_MS;
  const checks = new Array<number>(days).fill(0);
  const failures = new Array<number>(days).fill(0);
  for (const rollup of rollups) {
    const index = Math.floor((rollup.hour - first) / DAY_MS);
    if (index < 0 || index >= days) continue;
    checks[index]! += rollup.checks;
    failures[index]! += rollup.failures;
  }
  return checks.map((count, index) => ({
    date: new Date(first + index * DAY_MS).toISOString().slice(0, 10),
    uptime: uptimeRatio(count, failures[index]!),
    checks: count,
    failures: failures[index]!,
  }));
}

export interface LatencyPoint {
  /** Epoch ms of the start of the hour. */
  readonly hour: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly checks: number;
}

/** Per region, one point per hour in [fromHour, toHour) that has checks, oldest first; regions in name order. */
export function hourlyLatency(rollups: readonly Rollup[], fromHour: number, toHour: number): Array<{ readonly region: string; readonly points: LatencyPoint[] }> {
  const inRange = rollups.filter((r) => r.hour >= fromHour && r.hour < toHour && r.checks > 0);
  const byRegion = groupBy(inRange, (r) => r.region);
  return [...byRegion.keys()].sort().map((region) => {
    const byHour = groupBy(byRegion.get(region)!, (r) => r.hour);
    const points = [...byHour.keys()].sort((a, b) => a - b).map((hour) => {
      const rows = byHour.get(hour)!;
      const histogram = mergeHistograms(...rows.map((r) => r.histogram));
      return {
        hour,
        p50: round(percentile(histogram, 50)),
        p95: round(percentile(histogram, 95)),
        checks: rows.reduce((sum, r) => sum + r.checks, 0),
      };
    });
    return { region, points };
  });
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Milliseconds to one decimal: histogram values are estimates anyway. */
function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
