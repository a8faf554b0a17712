/**
 * PagerDuty: Events API v2. A DOWN (and each reminder) is a `trigger` and a RECOVERED a
 * `resolve`, both with the incident id as `dedup_key`, so PagerDuty keeps one incident
 * per CrossCheck incident and a repeated trigger is folded into it. A certificate warning
 * triggers with severity warning under its own key; a test triggers at severity info.
 * https://developer.pagerduty.com/docs/events-api-v2/trigger-events/
 */
import type { Channel } from '../../../core/channel.ts';
import { messageFacts, type ChannelMessage, type Severity } from '../../../core/channel-message.ts';
import { clip, joinUrl, jsonRequest, type ChannelRequest } from './request.ts';

const SEVERITY: Readonly<Record<Severity, 'critical' | 'error' | 'warning' | 'info'>> = { critical: 'critical', warning: 'warning', ok: 'info', info: 'info' };

/** The key PagerDuty deduplicates on: the incident's id, else the alert's. */
export const pagerDutyDedupKey = (message: ChannelMessage): string => message.alert.incident?.id ?? message.alert.id;

export function pagerDutyRequest(channel: Extract<Channel, { type: 'pagerduty' }>, message: ChannelMessage): ChannelRequest {
  const url = joinUrl(channel.apiUrl, 'v2/enqueue');
  const dedupKey = clip(pagerDutyDedupKey(message), 255);
  if (message.kind === 'recovered') return jsonRequest(url, { routing_key: channel.integrationKey, event_action: 'resolve', dedup_key: dedupKey });
  const facts = messageFacts(message);
  let source = message.alert.monitor.name;
  try {
    source = new URL(message.alert.monitor.url).host || source;
  } catch {
    // the name, then
  }
  return jsonRequest(url, {
    routing_key: channel.integrationKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: clip(`${facts.title}: ${facts.summary}`, 1024),
      source,
      severity: SEVERITY[facts.severity],
      timestamp: message.alert.incident?.openedAt ?? message.alert.time,
      component: message.alert.monitor.name,
      ...(message.alert.incident ? { class: message.alert.incident.cause } : {}),
      custom_details: Object.fromEntries(facts.fields),
    },
    client: 'CrossCheck',
    ...(facts.link ? { client_url: facts.link, links: [{ href: facts.link, text: 'CrossCheck incident' }] } : {}),
  });
}
