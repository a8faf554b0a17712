import type { Channel } from '../core/channel.ts';
import type { ChannelMessage } from '../core/channel-message.ts';

/** How a delivery to a channel ended, after its retries. */
export interface DeliveryOutcome {
  readonly ok: boolean;
  readonly attempts: number;
  /** The provider's last HTTP status (or SMTP reply code); null when none came. */
  readonly lastStatus: number | null;
  /** Why it failed, never with the channel's URL (it may hold a secret); null on success. */
  readonly error: string | null;
}

export interface SendOptions {
  /** Stable per (alert, channel): Standard Webhooks' webhook-id, and the key receivers drop duplicates on. */
  readonly deliveryId: string;
  /** Attempts after the first; the sender's own default when left out. */
  readonly retries?: number;
}

/** Sends one message to one channel, with retries; never throws for what the receiver does. */
export interface ChannelSender {
  send(channel: Channel, message: ChannelMessage, options: SendOptions): Promise<DeliveryOutcome>;
}
