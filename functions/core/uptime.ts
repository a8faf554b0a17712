/**
 * Uptime, defined once: verified availability. Every figure called "uptime" (the stats
 * route, /v1/status, the 90 daily bars, the uptime badge, the offline ledger SLA)
 * comes from `verifiedUptime`, so they cannot drift apart.
 *
 *   uptime = 1 - confirmed downtime / observed time
 *
 * - Observed time: the window, starting no earlier than the monitor was created and
 *   ending no later than `now`; null uptime when that is empty.
 * - Confirmed downtime: the union of [openedAt, resolvedAt ?? now) of the monitor's
 *   incidents, clipped to the observed time. Incidents whose verification was
 *   `unavailable` count too: they are incidents. A single-region failure refuted by
 *   another region (an anomaly) is no incident, so it never lowers uptime; how often
 *   probes failed is the check-based `checkSuccessRatio` in stats, a separate figure.
 * - Paused time counts as observed (and as up unless an incident is open): pauses are
 *   not recorded as intervals, and a paused monitor is one its owner chose not to watch.
 *
 * Pure: times are epoch milliseconds passed in by the caller.
 */
import type { Incident } from './incident.ts';

/** One incident's downtime, epoch ms; `resolvedAt` null while it is open. */
export interface DowntimeInterval {
  readonly openedAt: number;
  readonly resolvedAt: number | null;
}

export interface UptimeSpan {
  /** Start of the window (inclusive). */
  readonly from: number;
  /** End of the window (exclusive); clipped to `now`. */
  readonly to: number;
  /** When observation began: the monitor's creation time. */
  readonly observedFrom: number;
  /** Where open incidents end, and the latest time observed (the end of the period in an offline ledger). */
  readonly now: number;
}

export interface UptimeFigures {
  /** Length of the observed part of the window. */
  readonly observedMs: number;
  /** Confirmed downtime within it (overlapping incidents counted once). */
  readonly downtimeMs: number;
  /** 1 - downtimeMs / observedMs, 0..1; null when nothing of the window was observed. */
  readonly uptime: number | null;
}

export function verifiedUptime(incidents: readonly DowntimeInterval[], span: UptimeSpan): UptimeFigures {
  const start = Math.max(span.from, span.observedFrom);
  const end = Math.min(span.to, span.now);
  if (!(end > start)) return { observedMs: 0, downtimeMs: 0, uptime: null };
  const observedMs = end - start;
  const downtimeMs = unionLength(
    incidents.map((i) => [i.openedAt, i.resolvedAt ?? span.now] as const),
    start,
    end,
  );
  return { observedMs, downtimeMs, uptime: Math.min(1, Math.max(0, 1 - downtimeMs / observedMs)) };
}

/** Incidents as downtime intervals (their RFC 3339 times as epoch ms). */
export function downtimeOf(incidents: readonly Pick<Incident, 'openedAt' | 'resolvedAt'>[]): DowntimeInterval[] {
  return incidents.map((i) => ({ openedAt: Date.parse(i.openedAt), resolvedAt: i.resolvedAt === null ? null : Date.parse(i.resolvedAt) }));
}

/** Total length of the union of [a, b) intervals, clipped to [start, end). */
export function unionLength(intervals: readonly (readonly [number, number])[], start: number, end: number): number {
  const clipped = intervals
    .map(([a, b]) => [Math.max(a, start), Math.min(b, end)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let cursor = Number.NEGATIVE_INFINITY;
  for (const [a, b] of clipped) {
    if (b <= cursor) continue;
    total += b - Math.max(a, cursor);
    cursor = b;
  }
  return total;
}
