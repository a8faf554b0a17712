/**
 * Stats over a window: check counts and latency from hourly rollups only (never raw
 * results), uptime and MTTR from incidents. Pure: the caller reads rollups and
 * incidents and passes `now`.
 *
 * Two different ratios, never confused:
 * - uptime: verified availability, 1 - confirmed downtime / observed time (see uptime.ts);
 * - checkSuccessRatio: the share of checks that passed, what the probes saw, refuted
 *   single-region failures (anomalies) included.
 */
import type { Incident } from './incident.ts';
import { mergeHistograms, percentile, type LatencyHistogram } from './latency.ts';
import type { Rollup, RollupDelta } from './rollup.ts';
import { verifiedUptime, type DowntimeInterval } from './uptime.ts';

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

/**
 * The time a window's uptime, downtime and incident figures cover: from the start of its
 * first hour (the same hours as its rollups, so that uptime and the check counts speak
 * of one period) to now.
 */
export function uptimeWindow(window: StatsWindow, now: number): { readonly from: number; readonly to: number } {
  return { from: windowHours(window, now).fromHour, to: now };
}

/** Verified uptime per window (see uptime.ts) of a monitor created at `createdAt`. */
export function uptimes<W extends StatsWindow>(downtime: readonly DowntimeInterval[], windows: readonly W[], createdAt: number, now: number): Record<W, number | null> {
  const out = {} as Record<W, number | null>;
  for (const window of windows) {
    out[window] = verifiedUptime(downtime, { ...uptimeWindow(window, now), observedFrom: createdAt, now }).uptime;
  }
  return out;
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
  /** Share of checks that passed, 0..1; null without checks. Not uptime: refuted failures lower it too. */
  readonly checkSuccessRatio: number | null;
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
    checkSuccessRatio: checkSuccessRatio(checks, failures),
    latency: {
      p50: round(percentile(histogram, 50)),
      p95: round(percentile(histogram, 95)),
      p99: round(percentile(histogram, 99)),
      mean: checks > 0 ? round(latencySum / checks) : null,
    },
  };
}

export function checkSuccessRatio(checks: number, failures: number): number | null {
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
}

/** Incidents overlapping [from, to] (epoch ms; `to` is usually now). Downtime is verifiedUptime's. */
export function incidentFigures(
  incidents: readonly Pick<Incident, 'openedAt' | 'resolvedAt'>[],
  from: number,
  to: number,
): IncidentFigures {
  let count = 0;
  let repairTotal = 0;
  let repaired = 0;
  for (const incident of incidents) {
    const opened = Date.parse(incident.openedAt);
    const resolved = incident.resolvedAt === null ? null : Date.parse(incident.resolvedAt);
    const end = resolved ?? to;
    if (opened > to || end < from) continue;
    count += 1;
    if (resolved !== null && resolved >= from && resolved <= to) {
      repairTotal += resolved - opened;
      repaired += 1;
    }
  }
  return {
    incidents: count,
    mttrSeconds: repaired > 0 ? Math.round(repairTotal / repaired / 1000) : null,
  };
}

export interface DailyUptime {
  /** UTC day, YYYY-MM-DD. */
  readonly date: string;
  /** Verified uptime of the day (see uptime.ts): null before the monitor existed. */
  readonly uptime: number | null;
  /** Checks and failures of the day, from rollups (anomalies' failures included). */
  readonly checks: number;
  readonly failures: number;
}

/**
 * One entry per UTC day for the last `days` days (today included, up to now), oldest
 * first: uptime from the incidents' downtime, checks and failures from rollups.
 */
export function dailyUptime(downtime: readonly DowntimeInterval[], rollups: readonly Rollup[], days: number, createdAt: number, now: number): DailyUptime[] {
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
  return checks.map((count, index) => {
    const from = first + index * DAY_MS;
    return {
      date: new Date(from).toISOString().slice(0, 10),
      uptime: verifiedUptime(downtime, { from, to: from + DAY_MS, observedFrom: createdAt, now }).uptime,
      checks: count,
      failures: failures[index]!,
    };
  });
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
