/**
 * Maintenance windows: while one is active, checks, state changes, incidents and
 * ledger entries go on as usual, but alerts are held back.
 *
 * A one-off window covers [start, end). A weekly window starts on each listed UTC
 * weekday at `at` (HH:MM, UTC) and covers `durationMinutes` from there; it may run
 * past midnight and into the following days (up to a week).
 */
import type { MaintenanceWindow, Monitor } from './monitor.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Date#getUTCDay order (0 = Sunday). */
const WEEKDAY_BY_UTC_DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The first window active at `nowMs` (epoch ms), or null. */
export function activeMaintenanceWindow(windows: readonly MaintenanceWindow[], nowMs: number): MaintenanceWindow | null {
  for (const window of windows) {
    if (isActive(window, nowMs)) return window;
  }
  return null;
}

/** true while any of the monitor's maintenance windows is active. */
export function inMaintenance(monitor: Pick<Monitor, 'maintenance'>, nowMs: number): boolean {
  return activeMaintenanceWindow(monitor.maintenance ?? [], nowMs) !== null;
}

function isActive(window: MaintenanceWindow, nowMs: number): boolean {
  if ('start' in window) return Date.parse(window.start) <= nowMs && nowMs < Date.parse(window.end);
  const [hours, minutes] = window.at.split(':').map(Number) as [number, number];
  const offsetMs = (hours * 60 + minutes) * MINUTE_MS;
  const durationMs = window.durationMinutes * MINUTE_MS;
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  // A window lasts at most 7 days, so an occurrence that covers now started today
  // or on one of the 7 days before.
  for (let back = 0; back <= 7; back++) {
    const start = today - back * DAY_MS + offsetMs;
    if (start > nowMs || nowMs >= start + durationMs) continue;
    const weekday = WEEKDAY_BY_UTC_DAY[new Date(start).getUTCDay()]!;
    if (window.days.includes(weekday)) return true;
  }
  return false;
}
