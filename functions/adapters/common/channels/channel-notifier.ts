/**
 * The Notifier that tells an alert's named channels. For each channel the monitor refers
 * to (alert.recipients.channels): its behaviour (the reference's overrides over the
 * channel's defaults) decides whether this alert goes there at all; then the delivery
 * is claimed in the delivery log under (alert id, channel), so each (incident,
 * transition, channel) is delivered at most once however often the transition is
 * carried out; then it is sent with retries and its outcome recorded. A delivery that
 * failed after its retries is logged as an error and stays `failed` in the incident's
 * delivery log (GET /v1/incidents/{id}/alerts): it never vanishes.
 *
 * `send` only starts the deliveries (a slow provider never holds up a check); `flush`
 * waits for them (tests, graceful shutdown, the end of a Lambda invocation).
 */
import type { Alert } from '../../../core/alert.ts';
import { behaviourOf, type Channel } from '../../../core/channel.ts';
import type { ChannelMessage, MessageKind } from '../../../core/channel-message.ts';
import { deliveryId, type Delivery } from '../../../core/delivery.ts';
import type { ChannelStore } from '../../../ports/channel-store.ts';
import type { ChannelSender, DeliveryOutcome } from '../../../ports/channel-sender.ts';
import type { Clock } from '../../../ports/clock.ts';
import type { DeliveryLog } from '../../../ports/delivery-log.ts';
import type { LedgerStore } from '../../../ports/ledger-store.ts';
import type { MonitorStore } from '../../../ports/monitor-store.ts';
import { downDelayMs, downDue } from '../../../core/alert-follow-ups.ts';
import type { FlushableNotifier, NotifierLogger } from '../notifiers/webhook.ts';
import { publicLinks } from './links.ts';

export interface ChannelNotifierDeps {
  readonly channels: ChannelStore;
  /** The monitor's failure threshold and interval decide when a channel with its own threshold is told. */
  readonly monitors: Pick<MonitorStore, 'get'>;
  readonly deliveries: DeliveryLog;
  readonly ledger: Pick<LedgerStore, 'range'>;
  readonly sender: ChannelSender;
  readonly clock: Clock;
  readonly logger: NotifierLogger;
  /** The public base URL of this CrossCheck (links to incidents and the JWKS); null leaves links out. Asked at each alert (a local server knows its port once listening). */
  readonly publicUrl: () => string | null;
}

/** The message kind of an alert: a reminder keeps its own id (`reminder:<incident>:<n>`). */
export function messageKindOf(alert: Alert): MessageKind {
  return alert.id.startsWith('reminder:') ? 'reminder' : alert.kind;
}

export function createChannelNotifier(deps: ChannelNotifierDeps): FlushableNotifier {
  const inFlight = new Set<Promise<void>>();
  const iso = () => new Date(deps.clock.now()).toISOString();

  async function ledgerEntry(alert: Alert): Promise<ChannelMessage['ledgerEntry']> {
    const seq = alert.incident?.ledgerSeq ?? null;
    if (seq === null) return null;
    const [record] = await deps.ledger.range(seq - 1, 1);
    return record && record.seq === seq ? { seq, jws: record.jws } : null;
  }

  async function deliver(delivery: Delivery, channel: Channel, message: ChannelMessage): Promise<void> {
    let outcome: DeliveryOutcome;
    try {
      outcome = await deps.sender.send(channel, message, { deliveryId: delivery.id });
    } catch (error) {
      outcome = { ok: false, attempts: 1, lastStatus: null, error: `internal: ${(error as Error).message}` };
    }
    const done: Delivery = {
      ...delivery,
      status: outcome.ok ? 'delivered' : 'failed',
      attempts: outcome.attempts,
      lastStatus: outcome.lastStatus,
      lastError: outcome.error,
      updatedAt: iso(),
    };
    await deps.deliveries.update(done);
    if (!outcome.ok) {
      deps.logger.error('alert delivery failed', { alertId: delivery.alertId, channel: channel.name, type: channel.type, attempts: outcome.attempts, reason: outcome.error });
    }
  }

  async function start(alert: Alert): Promise<void> {
    const refs = alert.recipients.channels ?? [];
    if (refs.length === 0) return;
    const kind = messageKindOf(alert);
    const links = publicLinks(deps.publicUrl(), alert.incident?.id ?? null);
    const entry = await ledgerEntry(alert);
    const monitor = await deps.monitors.get(alert.monitor.id);
    // Channels told of this incident's DOWN: only they hear reminders and the RECOVERED.
    const told =
      alert.incident && kind !== 'down'
        ? new Set((await deps.deliveries.forIncident(alert.incident.id)).filter((d) => d.kind === 'down').map((d) => d.channel))
        : null;
    for (const ref of refs) {
      const channel = await deps.channels.get(ref.channel);
      const base = {
        id: deliveryId(alert.id, ref.channel),
        alertId: alert.id,
        kind: alert.kind,
        incidentId: alert.incident?.id ?? null,
        monitorId: alert.monitor.id,
        channel: ref.channel,
        attempts: 0,
        lastStatus: null,
        createdAt: iso(),
        updatedAt: iso(),
      } as const;
      if (channel === null) {
        // A reference to a channel that was deleted or never made: recorded as failed, and said.
        if (await deps.deliveries.claim({ ...base, channelType: 'webhook', status: 'failed', lastError: `channel '${ref.channel}' does not exist` })) {
          deps.logger.error('alert delivery failed', { alertId: alert.id, channel: ref.channel, reason: 'the channel does not exist' });
        }
        continue;
      }
      const behaviour = behaviourOf(channel, ref);
      if (!behaviour.enabled) continue;
      if (alert.kind === 'recovered' && !behaviour.sendOnResolved) continue;
      if (told !== null && (kind === 'recovered' || kind === 'reminder') && !told.has(channel.name)) continue;
      if (kind === 'down' && alert.incident && monitor !== null) {
        if (!downDue(Date.parse(alert.incident.openedAt), deps.clock.now(), downDelayMs(monitor, behaviour))) continue; // told later, by the follow-ups
      }
      const delivery: Delivery = { ...base, channelType: channel.type, status: 'sending', lastError: null };
      if (!(await deps.deliveries.claim(delivery))) continue;
      const message: ChannelMessage = { kind, alert, description: behaviour.description, ...links, ledgerEntry: entry, sentAt: iso() };
      track(deliver(delivery, channel, message));
    }
  }

  function track(work: Promise<void>): void {
    const running = work
      .catch((error: unknown) => deps.logger.error('alert delivery failed', { reason: String(error) }))
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  }

  return {
    send(alert) {
      track(start(alert));
      return Promise.resolve();
    },
    async flush() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
