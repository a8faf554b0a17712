/**
 * When a channel hears of an open incident beyond the moment it opened. Pure.
 * - A per-channel failure threshold above the monitor's holds the DOWN back: the
 *   channel is told once the outage has lasted that many more check intervals (Gatus'
 *   failure-threshold on an alert: a noisier channel pages later, a chat channel at once).
 * - Reminders (remindEveryMinutes, Gatus' minimum-reminder-interval): the n-th reminder
 *   is due n intervals after the channel was told, while the incident stays open.
 * A channel never told of an incident gets neither reminders nor its RECOVERED.
 */
import type { ChannelBehaviour } from './channel.ts';
import type { Monitor } from './monitor.ts';

const MINUTE_MS = 60_000;

/** How long after the incident opened the channel is told: 0 for at once. */
export function downDelayMs(monitor: Pick<Monitor, 'failureThreshold' | 'intervalSeconds'>, behaviour: Pick<ChannelBehaviour, 'failureThreshold'>): number {
  const extra = (behaviour.failureThreshold ?? monitor.failureThreshold) - monitor.failureThreshold;
  return Math.max(0, extra) * monitor.intervalSeconds * 1000;
}

/** Whether the DOWN is due for the channel at `nowMs`. */
export function downDue(openedAtMs: number, nowMs: number, delayMs: number): boolean {
  return nowMs - openedAtMs >= delayMs;
}

/** The number of the reminder due at `nowMs` (1, 2, ...), or 0 when none is due (yet, or at all). */
export function dueReminder(openedAtMs: number, nowMs: number, delayMs: number, remindEveryMinutes: number | undefined): number {
  if (remindEveryMinutes === undefined || remindEveryMinutes <= 0) return 0;
  const toldAt = openedAtMs + delayMs;
  if (nowMs < toldAt) return 0;
  return Math.floor((nowMs - toldAt) / (remindEveryMinutes * MINUTE_MS));
}

export const reminderAlertId = (incidentId: string, n: number): string => `reminder:${incidentId}:${n}`;
