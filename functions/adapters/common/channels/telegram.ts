/**
 * Telegram: the Bot API's sendMessage, as HTML (bold title, the facts, a link), without
 * a link preview; `message_thread_id` for a forum topic.
 * https://core.telegram.org/bots/api#sendmessage
 */
import type { Channel } from '../../../core/channel.ts';
import { messageFacts, type ChannelMessage } from '../../../core/channel-message.ts';
import { clip, joinUrl, jsonRequest, type ChannelRequest } from './request.ts';

/** Telegram's HTML mode needs &, < and > escaped (and " inside attributes). */
const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function telegramRequest(channel: Extract<Channel, { type: 'telegram' }>, message: ChannelMessage): ChannelRequest {
  const facts = messageFacts(message);
  const lines = [`<b>${escapeHtml(facts.title)}</b>`, escapeHtml(facts.summary), '', ...facts.fields.map(([label, value]) => `<b>${escapeHtml(label)}:</b> ${escapeHtml(value)}`)];
  if (facts.link) lines.push('', `<a href="${escapeHtml(facts.link)}">View incident</a>`);
  return jsonRequest(joinUrl(channel.apiUrl, `bot${channel.token}/sendMessage`), {
    chat_id: channel.chatId,
    text: clip(lines.join('\n'), 4096),
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(channel.topicId === undefined ? {} : { message_thread_id: channel.topicId }),
  });
}
