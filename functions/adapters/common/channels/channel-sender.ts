/**
 * The ChannelSender: HTTP channels through their renderer and sendWithRetries, e-mail
 * through the mail transport plugged in (SMTP or the outbox locally, SES in AWS), with
 * the same retries for a server that could not be reached or answered 4xx (temporary).
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { MailError } from '../../../core/errors.ts';
import type { ChannelSender, DeliveryOutcome } from '../../../ports/channel-sender.ts';
import type { MailTransport } from '../../../ports/mail-transport.ts';
import { emailOf } from './email-message.ts';
import { sendWithRetries, type RetryOptions } from './http-delivery.ts';
import { channelRequest } from './render.ts';

export interface ChannelSenderOptions extends RetryOptions {
  /** Where e-mail channels send; without one they fail, saying so. */
  readonly mail?: MailTransport;
}

export function createChannelSender(options: ChannelSenderOptions = {}): ChannelSender {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;

  async function sendMail(transport: MailTransport, mail: Parameters<MailTransport['sendMail']>[0], retries: number): Promise<DeliveryOutcome> {
    for (let n = 0; ; n += 1) {
      try {
        await transport.sendMail(mail);
        return { ok: true, attempts: n + 1, lastStatus: 250, error: null };
      } catch (error) {
        const mailError = error instanceof MailError ? error : null;
        const outcome = { ok: false, attempts: n + 1, lastStatus: mailError?.responseCode ?? null, error: mailError?.message ?? `mail: ${String(error)}` };
        if (!(mailError?.retryable ?? false) || n >= retries) return outcome;
        await sleep(Math.min(options.maxDelayMs ?? 120_000, (options.backoffMs ?? 1000) * 2 ** n));
      }
    }
  }

  return {
    async send(channel, message, { deliveryId, retries }) {
      const retryOptions = { ...options, ...(retries === undefined ? {} : { retries }) };
      if (channel.type === 'email') {
        if (!options.mail) return { ok: false, attempts: 0, lastStatus: null, error: 'no mail transport is configured (SMTP locally, SES in AWS)' };
        return sendMail(options.mail, emailOf(message, channel.to), retryOptions.retries ?? 4);
      }
      return sendWithRetries(channelRequest(channel, message, deliveryId, new Date(now())), retryOptions);
    },
  };
}
