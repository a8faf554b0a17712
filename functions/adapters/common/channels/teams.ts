/**
 * Microsoft Teams: a Workflows ("Post to a channel when a webhook request is received")
 * webhook, sent a message with one Adaptive Card attachment (title, summary, FactSet,
 * an OpenUrl action to the incident).
 * https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using
 */
import type { Channel } from '../../../core/channel.ts';
import { messageFacts, type ChannelMessage } from '../../../core/channel-message.ts';
import { jsonRequest, type ChannelRequest } from './request.ts';

const COLOUR = { critical: 'Attention', warning: 'Warning', ok: 'Good', info: 'Accent' } as const;

export function teamsRequest(channel: Extract<Channel, { type: 'teams' }>, message: ChannelMessage): ChannelRequest {
  const facts = messageFacts(message);
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: facts.title, weight: 'Bolder', size: 'Medium', color: COLOUR[facts.severity], wrap: true },
      { type: 'TextBlock', text: facts.summary, wrap: true },
      { type: 'FactSet', facts: facts.fields.map(([title, value]) => ({ title, value })) },
    ],
  };
  if (facts.link) card.actions = [{ type: 'Action.OpenUrl', title: 'View incident', url: facts.link }];
  return jsonRequest(channel.webhookUrl, {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  });
}
