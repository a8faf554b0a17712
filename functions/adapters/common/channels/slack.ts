/**
 * Slack: an incoming webhook with Block Kit blocks (header, summary, fields, a button
 * to the incident) and `text` as the notification's fallback.
 * https://api.slack.com/messaging/webhooks, https://api.slack.com/reference/block-kit/blocks
 */
import type { Channel } from '../../../core/channel.ts';
import { messageFacts, type ChannelMessage } from '../../../core/channel-message.ts';
import { clip, jsonRequest, type ChannelRequest } from './request.ts';

/** mrkdwn treats &, < and > as control characters. */
const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const EMOJI = { critical: ':red_circle:', warning: ':warning:', ok: ':large_green_circle:', info: ':information_source:' } as const;

export function slackRequest(channel: Extract<Channel, { type: 'slack' }>, message: ChannelMessage): ChannelRequest {
  const facts = messageFacts(message);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`${EMOJI[facts.severity]} ${facts.title}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(facts.summary), 3000) } },
    {
      type: 'section',
      fields: facts.fields.slice(0, 10).map(([label, value]) => ({ type: 'mrkdwn', text: clip(`*${escapeMrkdwn(label)}*\n${escapeMrkdwn(value)}`, 2000) })),
    },
  ];
  if (facts.link) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'View incident' }, url: facts.link }] });
  }
  return jsonRequest(channel.webhookUrl, { text: clip(`${facts.title}: ${facts.summary}`, 3000), blocks });
}
