/**
 * ntfy: a JSON publish to the server's root URL (topic, title, message, priority, tags,
 * a click link), with a bearer token when the topic is protected.
 * https://docs.ntfy.sh/publish/#publish-as-json
 */
import type { Channel } from '../../../core/channel.ts';
import { messageFacts, type ChannelMessage } from '../../../core/channel-message.ts';
import { clip, jsonRequest, type ChannelRequest } from './request.ts';

const TAGS = { critical: ['rotating_light'], warning: ['warning'], ok: ['white_check_mark'], info: ['information_source'] } as const;

export function ntfyRequest(channel: Extract<Channel, { type: 'ntfy' }>, message: ChannelMessage): ChannelRequest {
  const facts = messageFacts(message);
  const body = [facts.summary, '', ...facts.fields.map(([label, value]) => `${label}: ${value}`)].join('\n');
  return jsonRequest(
    `${channel.url.replace(/\/+$/, '')}/`,
    {
      topic: channel.topic,
      title: clip(facts.title, 250),
      message: clip(body, 4000),
      priority: facts.severity === 'critical' ? channel.priority : 3,
      tags: [...TAGS[facts.severity]],
      ...(facts.link ? { click: facts.link } : {}),
    },
    channel.token === undefined ? {} : { Authorization: `Bearer ${channel.token}` },
  );
}
