/**
 * The overview of many monitors, as one list an operator reads top-down: what is down
 * first, then what is degraded, then what is up. Pure: the caller reads states,
 * incidents, anomalies and rollups and passes `now`.
 *
 * Health (what the list shows, beside the state machine's status):
 * - `down`: DOWN (a confirmed incident is open);
 * - `degraded`: VERIFYING (a failure is being verified from another location), or a
 *   regional anomaly (a failure another location refuted) within the last hour: the
 *   monitor is up, but one location sees it fail;
 * - `up`, `pending` (no check has decided yet), `paused`.
 */
import { mergeHistograms, percentile } from './latency.ts';
import type { Rollup } from './rollup.ts';
import { HOUR_MS } from './stats.ts';
import type { MonitorStatus } from './state.ts';

export type Health = 'down' | 'degraded' | 'up' | 'pending' | 'paused';
export const HEALTH_ORDER: readonly Health[] = ['down', 'degraded', 'up', 'pending', 'paused'];

/** A refuted failure this recent still marks the monitor degraded. */
export const DEGRADED_AFTER_ANOMALY_MS = HOUR_MS;

export function healthOf(status: MonitorStatus, paused: boolean, lastAnomalyAt: number | null, now: number): Health {
  if (paused) return 'paused';
  if (status === 'DOWN') return 'down';
  if (status === 'VERIFYING') return 'degraded';
  if (status === 'PENDING') return 'pending';
  if (lastAnomalyAt !== null && now - lastAnomalyAt < DEGRADED_AFTER_ANOMALY_MS) return 'degraded';
  return 'up';
}

/** Down first, then degraded, up, pending, paused; within one health the longest in it first, then by name. */
export function compareOverview(a: { health: Health; since: string | null; name: string }, b: { health: Health; since: string | null; name: string }): number {
  const byHealth = HEALTH_ORDER.indexOf(a.health) - HEALTH_ORDER.indexOf(b.health);
  if (byHealth !== 0) return byHealth;
  const bySince = (a.since ?? '').localeCompare(b.since ?? '');
  if (bySince !== 0 && (a.health === 'down' || a.health === 'degraded')) return bySince;
  return a.name.localeCompare(b.name);
}

/**
 * A latency sparkline: the median response time of every location together, one value
 * per hour of the last `hours` hours (oldest first, the current hour last), null for an
 * hour without checks. A new monitor has a line of nulls with its first hours at the end.
 */
export function latencySparkline(rollups: readonly Rollup[], now: number, hours = 24): (number | null)[] {
  const lastHour = Math.floor(now / HOUR_MS) * HOUR_MS;
  const firstHour = lastHour - (hours - 1) * HOUR_MS;
  const byHour = new Map<number, Rollup[]>();
  for (const rollup of rollups) {
    if (rollup.hour < firstHour || rollup.hour > lastHour || rollup.checks <= 0) continue;
    const list = byHour.get(rollup.hour);
    if (list) list.push(rollup);
    else byHour.set(rollup.hour, [rollup]);
  }
  const line: (number | null)[] = [];
  for (let hour = firstHour; hour <= lastHour; hour += HOUR_MS) {
    const rows = byHour.get(hour);
    const p50 = rows ? percentile(mergeHistograms(...rows.map((r) => r.histogram)), 50) : null;
    line.push(p50 === null ? null : Math.round(p50));
  }
  return line;
}
