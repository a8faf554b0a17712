/** The request each HTTP channel type sends for a message (e-mail goes through a mail transport instead). */
import type { Channel } from '../../../core/channel.ts';
import type { ChannelMessage } from '../../../core/channel-message.ts';
import { discordRequest } from './discord.ts';
import { ntfyRequest } from './ntfy.ts';
import { opsgenieRequest } from './opsgenie.ts';
import { pagerDutyRequest } from './pagerduty.ts';
import type { ChannelRequest } from './request.ts';
import { slackRequest } from './slack.ts';
import { standardWebhookRequest } from './standard-webhook.ts';
import { teamsRequest } from './teams.ts';
import { telegramRequest } from './telegram.ts';

export type HttpChannel = Exclude<Channel, { type: 'email' }>;

export function channelRequest(channel: HttpChannel, message: ChannelMessage, deliveryId: string, at: Date): ChannelRequest {
  switch (channel.type) {
    case 'slack':
      return slackRequest(channel, message);
    case 'discord':
      return discordRequest(channel, message);
    case 'teams':
      return teamsRequest(channel, message);
    case 'telegram':
      return telegramRequest(channel, message);
    case 'pagerduty':
      return pagerDutyRequest(channel, message);
    case 'opsgenie':
      return opsgenieRequest(channel, message);
    case 'ntfy':
      return ntfyRequest(channel, message);
    case 'webhook':
      return standardWebhookRequest(channel, message, deliveryId, at);
  }
}
