/**
 * The generic webhook, per Standard Webhooks (standardwebhooks.com): `webhook-id` (the
 * delivery's id: the same on every retry, so a receiver can drop duplicates),
 * `webhook-timestamp` and `webhook-signature` (v1, HMAC-SHA256 with the channel's
 * whsec_ secret, computed by the `standardwebhooks` package), and a body
 * `{type, timestamp, data}` whose data carries the alert, the link to the incident and
 * its signed ledger entry (a compact JWS) with the JWKS URL to check it against: a
 * receiver can verify the entry without sharing any secret with CrossCheck.
 */
import { Webhook } from 'standardwebhooks';
import { deliveredAlert } from '../../../core/alert.ts';
import type { Channel } from '../../../core/channel.ts';
import type { ChannelMessage, MessageKind } from '../../../core/channel-message.ts';
import { fillGatusTemplate } from './gatus-template.ts';
import { jsonRequest, type ChannelRequest } from './request.ts';

export const EVENT_TYPES: Readonly<Record<MessageKind, string>> = {
  down: 'incident.opened',
  reminder: 'incident.reminder',
  recovered: 'incident.resolved',
  certificate: 'certificate.expiring',
  test: 'channel.test',
};

export function standardWebhookRequest(channel: Extract<Channel, { type: 'webhook' }>, message: ChannelMessage, deliveryId: string, at: Date): ChannelRequest {
  const payload = channel.body !== undefined ? fillGatusTemplate(channel.body, message, channel.placeholders ?? {}) : JSON.stringify({
    type: EVENT_TYPES[message.kind],
    timestamp: at.toISOString(),
    data: {
      alert: deliveredAlert(message.alert),
      incidentUrl: message.incidentUrl,
      ledgerEntry: message.ledgerEntry,
      jwksUrl: message.jwksUrl,
      ...(message.description ? { description: message.description } : {}),
    },
  });
  const headers: Record<string, string> = { ...channel.headers, 'webhook-id': deliveryId, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)) };
  if (channel.secret !== undefined) headers['webhook-signature'] = new Webhook(channel.secret).sign(deliveryId, at, payload);
  return { ...jsonRequest(channel.url, null, headers), method: channel.method, body: payload };
}
