/**
 * The schedule: which checks are due in a minute, and with what delay, so that a
 * trigger that fires once a minute runs 10 s monitors six times a minute and
 * spreads 60 s monitors across the minute.
 *
 * The rule, exact for every interval I (10..3600 s): a monitor is due at the epoch
 * seconds t with t mod I == phase, where phase = hash(monitor id) mod I. So:
 * - I < 60 (10, 15, 20, 30): 60 / I checks a minute, I apart, at offsets phase + k*I;
 *   intervals that do not divide 60 (say 25 s) stay exactly I apart across minute
 *   boundaries, so a minute holds 2 or 3 of them.
 * - I = 60: one check a minute at second `phase` (0..59), stable per monitor.
 * - I > 60: one check in the minutes where a due second falls, e.g. a 300 s monitor
 *   every fifth minute, at a stable minute and second; 90 s alternates 1 and 0.
 * A tick covers the UTC minute that contains `now`; when the tick itself is late, the
 * checks whose second has already passed go out at once (delay 0). One job per region.
 */
import type { CheckJob } from './jobs.ts';
import type { Monitor } from './monitor.ts';

const MINUTE_SECONDS = 60;
/** The longest a job waits for its delivery: 15 minutes (SQS' limit on DelaySeconds; every queue keeps the same). */
export const MAX_DELAY_SECONDS = 900;

export interface PlannedJob {
  readonly job: CheckJob;
  /** 0..900 s. */
  readonly delaySeconds: number;
}

/** A delay as a queue takes it: whole seconds, 0..MAX_DELAY_SECONDS (0 when not a number). */
export function clampDelaySeconds(seconds: number): number {
  return Number.isFinite(seconds) ? Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.round(seconds))) : 0;
}

/** The regions a monitor is probed from: its own list, or every configured region when that is empty. */
export function monitorRegions(monitor: Pick<Monitor, 'regions'>, configured: readonly string[]): readonly string[] {
  return monitor.regions.length > 0 ? monitor.regions : configured;
}

/** FNV-1a (32 bit) over the UTF-16 code units: stable across processes and runtimes. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The monitor's phase within its interval, in whole seconds (0..I-1). */
export function phaseSeconds(monitorId: string, intervalSeconds: number): number {
  return stableHash(monitorId) % intervalSeconds;
}

/** Epoch seconds at which the monitor is due within the minute starting at `minuteStartSeconds`. */
export function dueSecondsInMinute(monitor: Pick<Monitor, 'id' | 'intervalSeconds'>, minuteStartSeconds: number): number[] {
  const interval = monitor.intervalSeconds;
  const phase = phaseSeconds(monitor.id, interval);
  const first = minuteStartSeconds + mod(phase - minuteStartSeconds, interval);
  const due: number[] = [];
  for (let t = first; t < minuteStartSeconds + MINUTE_SECONDS; t += interval) due.push(t);
  return due;
}

/**
 * The check jobs of the minute containing `nowMs`, for every monitor that is not
 * paused, in every region it is probed from. Job ids are deterministic
 * (`<monitor>:<region>:<due epoch second>`), so planning the same minute twice
 * yields the same ids.
 */
export function planChecks(monitors: readonly Monitor[], nowMs: number, configuredRegions: readonly string[]): PlannedJob[] {
  const minuteStart = Math.floor(nowMs / 1000 / MINUTE_SECONDS) * MINUTE_SECONDS;
  const planned: PlannedJob[] = [];
  for (const monitor of monitors) {
    if (monitor.paused) continue;
    const regions = monitorRegions(monitor, configuredRegions);
    for (const dueSecond of dueSecondsInMinute(monitor, minuteStart)) {
      const delaySeconds = clampDelaySeconds(Math.ceil((dueSecond * 1000 - nowMs) / 1000));
      const scheduledFor = new Date(dueSecond * 1000).toISOString();
      for (const region of regions) {
        planned.push({ job: { jobId: `${monitor.id}:${region}:${dueSecond}`, monitor, region, scheduledFor }, delaySeconds });
      }
    }
  }
  return planned;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
