/**
 * Discord: a webhook message with one embed (title, description, colour, fields, link,
 * timestamp); mentions are disabled, so a monitor name can never ping @everyone.
 * https://discord.com/developers/docs/resources/webhook#execute-webhook
 */
import type { Channel } from '../../../core/channel.ts';
import { messageFacts, type ChannelMessage } from '../../../core/channel-message.ts';
import { clip, jsonRequest, type ChannelRequest } from './request.ts';

const COLOUR = { critical: 0xd92d20, warning: 0xf79009, ok: 0x12b76a, info: 0x2e90fa } as const;

export function discordRequest(channel: Extract<Channel, { type: 'discord' }>, message: ChannelMessage): ChannelRequest {
  const facts = messageFacts(message);
  const embed: Record<string, unknown> = {
    title: clip(facts.title, 256),
    description: clip(facts.summary, 4096),
    color: COLOUR[facts.severity],
    fields: facts.fields.slice(0, 25).map(([name, value]) => ({ name: clip(name, 256), value: clip(value, 1024), inline: value.length <= 40 })),
    timestamp: message.alert.time,
    footer: { text: 'CrossCheck' },
  };
  if (facts.link) embed.url = facts.link;
  return jsonRequest(channel.webhookUrl, { username: 'CrossCheck', embeds: [embed], allowed_mentions: { parse: [] } });
}
