/**
 * What the scheduler's tick does for open incidents, besides checks: tells the channels
 * whose own failure threshold held their DOWN back once it is due, and sends reminders
 * (remindEveryMinutes) while an incident stays open. Quiet while the monitor is paused
 * or in maintenance. Each follow-up is an alert with a deterministic id for one channel
 * (`down:<incident>`, `reminder:<incident>:<n>`), so the channel notifier's delivery
 * claims make a repeated or concurrent tick send nothing twice.
 */
import type { Alert } from '../core/alert.ts';
import { downDelayMs, downDue, dueReminder, reminderAlertId } from '../core/alert-follow-ups.ts';
import { behaviourOf } from '../core/channel.ts';
import type { Incident } from '../core/incident.ts';
import { inMaintenance } from '../core/maintenance.ts';
import type { Monitor } from '../core/monitor.ts';
import { downAlert } from '../core/state-machine-alerts.ts';
import type { ChannelStore } from '../ports/channel-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { IncidentStore } from '../ports/incident-store.ts';
import type { MonitorStore } from '../ports/monitor-store.ts';
import type { Notifier } from '../ports/notifier.ts';

export interface FollowUpDeps {
  readonly incidents: Pick<IncidentStore, 'list'>;
  readonly monitors: Pick<MonitorStore, 'get'>;
  readonly channels: Pick<ChannelStore, 'get'>;
  /** The named channels' notifier (never e-mail defaults or a monitor's own webhooks). */
  readonly channelNotifier: Notifier;
  readonly clock: Clock;
}

async function openIncidents(incidents: FollowUpDeps['incidents']): Promise<Incident[]> {
  const all: Incident[] = [];
  let cursor: string | undefined;
  do {
    const page = await incidents.list({ status: 'open', limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

/** The follow-up alerts due now for one incident of one monitor. */
export async function dueFollowUps(deps: Pick<FollowUpDeps, 'channels'>, monitor: Monitor, incident: Incident, now: number): Promise<Alert[]> {
  const due: Alert[] = [];
  const at = new Date(now).toISOString();
  const opened = Date.parse(incident.openedAt);
  for (const ref of monitor.alerts.channels ?? []) {
    const channel = await deps.channels.get(ref.channel);
    if (channel === null) continue;
    const behaviour = behaviourOf(channel, ref);
    if (!behaviour.enabled) continue;
    const delay = downDelayMs(monitor, behaviour);
    const only = { email: [], webhooks: [], channels: [ref] };
    const down = downAlert(monitor, incident, incident.ledger.opened, at);
    if (delay > 0 && downDue(opened, now, delay)) due.push({ ...down, recipients: only });
    const n = dueReminder(opened, now, delay, behaviour.remindEveryMinutes);
    if (n > 0) due.push({ ...down, id: reminderAlertId(incident.id, n), subject: down.subject.replace('] DOWN:', '] STILL DOWN:'), recipients: only });
  }
  return due;
}

export async function sendAlertFollowUps(deps: FollowUpDeps): Promise<{ readonly sent: number }> {
  const now = deps.clock.now();
  let sent = 0;
  for (const incident of await openIncidents(deps.incidents)) {
    const monitor = await deps.monitors.get(incident.monitorId);
    if (monitor === null || monitor.paused || inMaintenance(monitor, now)) continue;
    for (const alert of await dueFollowUps(deps, monitor, incident, now)) {
      await deps.channelNotifier.send(alert);
      sent += 1;
    }
  }
  return { sent };
}
