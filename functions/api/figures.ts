/** Reads that several routes share: rollups over windows (never raw results) and incidents overlapping a window. */
import type { Incident } from '../core/incident.ts';
import type { Rollup } from '../core/rollup.ts';
import { WINDOW_HOURS, windowHours, type StatsWindow } from '../core/stats.ts';
import type { IncidentStore } from '../ports/incident-store.ts';
import type { ResultStore } from '../ports/result-store.ts';

/** Rollups of the largest window asked for, read once. */
export async function rollupsFor(results: ResultStore, monitorId: string, windows: readonly StatsWindow[], now: number): Promise<readonly Rollup[]> {
  const { fromHour, toHour } = windowHours(widest(windows), now);
  return results.listRollups(monitorId, fromHour, toHour);
}

/** Incidents overlapping the largest window asked for, and at least the newest `atLeast` (see incidentsSince). */
export async function incidentsFor(
  incidents: IncidentStore,
  monitorId: string,
  windows: readonly StatsWindow[],
  now: number,
  atLeast = 0,
): Promise<Incident[]> {
  return incidentsSince(incidents, monitorId, windowHours(widest(windows), now).fromHour, atLeast);
}

/**
 * The monitor's incidents that overlap [from, ...), newest first: pages until the first
 * one opened before `from` (a monitor has one incident open at a time, so at most that
 * one can still reach into the window), and on until `atLeast` were found when a
 * listing wants that many. The pages read are bounded by the incidents opened within
 * the window (plus `atLeast`), however many the monitor had before it.
 */
export async function incidentsSince(incidents: IncidentStore, monitorId: string, from: number, atLeast = 0): Promise<Incident[]> {
  const found: Incident[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await incidents.list({ monitorId, limit: 100, cursor });
    for (const incident of page.items) {
      found.push(incident);
      if (Date.parse(incident.openedAt) < from && found.length >= atLeast) return found;
    }
    if (page.nextCursor === null) return found;
    cursor = page.nextCursor;
  }
}

function widest(windows: readonly StatsWindow[]): StatsWindow {
  return windows.reduce((a, b) => (WINDOW_HOURS[b] > WINDOW_HOURS[a] ? b : a));
}
