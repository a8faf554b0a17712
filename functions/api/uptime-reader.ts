/**
 * Uptime per window for the routes every status page and badge hits: /v1/status and
 * uptime.svg. A 30-day window is 720 hourly rollups per region; reading them all on
 * every request would make /v1/status cost (monitors x hours x regions) rows each time,
 * and in DynamoDB that many read units. The hours before the current one are closed:
 * their counters are summed once per hour per monitor and kept; each request then reads
 * only the current hour's rollups.
 *
 * A result stored late into a closed hour (a check that started just before the hour
 * turned) is counted from the next hour on: a handful of checks against a window of
 * thousands.
 */
import { HOUR_MS, uptimeRatio, WINDOW_HOURS, type StatsWindow } from '../core/stats.ts';
import type { Clock } from '../ports/clock.ts';
import type { ResultStore } from '../ports/result-store.ts';

interface Counters {
  checks: number;
  failures: number;
}

interface Entry {
  /** Counters over the closed hours of each window, as computed in `hour`. */
  readonly closed: Partial<Record<StatsWindow, Counters>>;
}

export interface UptimeReader {
  uptimes<W extends StatsWindow>(monitorId: string, windows: readonly W[]): Promise<Record<W, number | null>>;
}

export function createUptimeReader(results: ResultStore, clock: Clock): UptimeReader {
  let cachedHour = Number.NaN;
  // Cleared when the hour turns: it holds only monitors asked about within this hour.
  let entries = new Map<string, Entry>();

  async function closedCounters(monitorId: string, windows: readonly StatsWindow[], currentHour: number): Promise<Entry> {
    const cached = entries.get(monitorId);
    if (cached && windows.every((w) => cached.closed[w] !== undefined)) return cached;
    const wanted = [...new Set([...windows, ...(Object.keys(cached?.closed ?? {}) as StatsWindow[])])];
    const widest = Math.max(...wanted.map((w) => WINDOW_HOURS[w]));
    const rollups = await results.listRollups(monitorId, currentHour + HOUR_MS - widest * HOUR_MS, currentHour);
    const closed: Partial<Record<StatsWindow, Counters>> = {};
    for (const window of wanted) {
      const from = currentHour + HOUR_MS - WINDOW_HOURS[window] * HOUR_MS;
      const counters = { checks: 0, failures: 0 };
      for (const rollup of rollups) {
        if (rollup.hour < from) continue;
        counters.checks += rollup.checks;
        counters.failures += rollup.failures;
      }
      closed[window] = counters;
    }
    const entry = { closed };
    entries.set(monitorId, entry);
    return entry;
  }

  return {
    async uptimes(monitorId, windows) {
      const currentHour = Math.floor(clock.now() / HOUR_MS) * HOUR_MS;
      if (currentHour !== cachedHour) {
        cachedHour = currentHour;
        entries = new Map();
      }
      const [entry, open] = await Promise.all([
        closedCounters(monitorId, windows, currentHour),
        results.listRollups(monitorId, currentHour, currentHour + HOUR_MS),
      ]);
      let openChecks = 0;
      let openFailures = 0;
      for (const rollup of open) {
        openChecks += rollup.checks;
        openFailures += rollup.failures;
      }
      const out = {} as Record<(typeof windows)[number], number | null>;
      for (const window of windows) {
        const closed = entry.closed[window]!;
        out[window] = uptimeRatio(closed.checks + openChecks, closed.failures + openFailures);
      }
      return out;
    },
  };
}
