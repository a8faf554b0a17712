/**
 * Opsgenie: Alert API v2. A DOWN creates an alert whose alias is the incident id (a
 * reminder creates it again: Opsgenie folds an open alias into one alert and counts it);
 * a RECOVERED closes the alert by that alias.
 * https://docs.opsgenie.com/docs/alert-api#create-alert, #close-alert
 */
import type { Channel } from '../../../core/channel.ts';
import { messageFacts, messageText, type ChannelMessage } from '../../../core/channel-message.ts';
import { clip, joinUrl, jsonRequest, type ChannelRequest } from './request.ts';

export const opsgenieAlias = (message: ChannelMessage): string => clip(message.alert.incident?.id ?? message.alert.id, 512);

export function opsgenieRequest(channel: Extract<Channel, { type: 'opsgenie' }>, message: ChannelMessage): ChannelRequest {
  const headers = { Authorization: `GenieKey ${channel.apiKey}` };
  const alias = opsgenieAlias(message);
  const facts = messageFacts(message);
  if (message.kind === 'recovered') {
    return jsonRequest(joinUrl(channel.apiUrl, `v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`), { source: 'CrossCheck', note: clip(facts.summary, 25_000) }, headers);
  }
  return jsonRequest(
    joinUrl(channel.apiUrl, 'v2/alerts'),
    {
      message: clip(facts.title, 130),
      alias,
      description: clip(messageText(facts), 15_000),
      priority: message.kind === 'test' ? 'P5' : message.kind === 'certificate' ? 'P3' : channel.priority,
      tags: [...channel.tags, 'crosscheck'],
      details: Object.fromEntries(facts.fields.map(([label, value]) => [label, clip(value, 8000)])),
      entity: clip(message.alert.monitor.name, 512),
      source: 'CrossCheck',
    },
    headers,
  );
}
