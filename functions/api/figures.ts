/** Reads that several routes share: rollups over windows (never raw results) and incidents overlapping a window. */
import type { Incident } from '../core/incident.ts';
import type { Rollup } from '../core/rollup.ts';
import { uptimeRatio, WINDOW_HOURS, windowHours, type StatsWindow } from '../core/stats.ts';
import type { IncidentStore } from '../ports/incident-store.ts';
import type { ResultStore } from '../ports/result-store.ts';

/** Rollups of the largest window asked for, read once. */
export async function rollupsFor(results: ResultStore, monitorId: string, windows: readonly StatsWindow[], now: number): Promise<readonly Rollup[]> {
  const widest = windows.reduce((a, b) => (WINDOW_HOURS[b] > WINDOW_HOURS[a] ? b : a));
  const { fromHour, toHour } = windowHours(widest, now);
  return results.listRollups(monitorId, fromHour, toHour);
}

/** Uptime per window from rollups already read (see rollupsFor): counters only, no histograms. */
export function uptimes<W extends StatsWindow>(rollups: readonly Rollup[], windows: readonly W[], now: number): Record<W, number | null> {
  const out = {} as Record<W, number | null>;
  for (const window of windows) {
    const { fromHour, toHour } = windowHours(window, now);
    let checks = 0;
    let failures = 0;
    for (const rollup of rollups) {
      if (rollup.hour < fromHour || rollup.hour >= toHour) continue;
      checks += rollup.checks;
      failures += rollup.failures;
    }
    out[window] = uptimeRatio(checks, failures);
  }
  return out;
}

/**
 * The monitor's incidents that overlap [from, ...): pages newest first until the first
 * one opened before `from` (a monitor has one incident open at a time, so at most that
 * one can still reach into the window).
 */
export async function incidentsSince(incidents: IncidentStore, monitorId: string, from: number): Promise<Incident[]> {
  const found: Incident[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await incidents.list({ monitorId, limit: 100, cursor });
    for (const incident of page.items) {
      found.push(incident);
      if (Date.parse(incident.openedAt) < from) return found;
    }
    if (page.nextCursor === null) return found;
    cursor = page.nextCursor;
  }
}
