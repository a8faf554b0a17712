/** A channel message as an e-mail: subject, a plain-text part and an HTML part, from the same facts. */
import { messageFacts, messageText, type ChannelMessage } from '../../../core/channel-message.ts';
import type { Mail } from '../../../ports/mail-transport.ts';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function emailOf(message: ChannelMessage, to: readonly string[]): Mail {
  const facts = messageFacts(message);
  const rows = facts.fields.map(([label, value]) => `<tr><th align="left" style="padding-right:1em">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`);
  const html = [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(facts.title)}</title></head><body>`,
    `<h1>${escapeHtml(facts.title)}</h1>`,
    `<p>${escapeHtml(facts.summary)}</p>`,
    `<table>\n${rows.join('\n')}\n</table>`,
    facts.link ? `<p><a href="${escapeHtml(facts.link)}">View incident</a></p>` : '',
    '</body></html>',
  ].join('\n');
  return {
    to,
    subject: message.kind === 'test' ? '[CrossCheck] Test message' : message.alert.subject,
    text: `${messageText(facts)}\n`,
    html,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-CrossCheck-Alert-Id': message.alert.id, 'X-CrossCheck-Alert-Kind': message.kind },
  };
}
