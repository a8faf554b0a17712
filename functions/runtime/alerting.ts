/**
 * The local mode's alerting, put together: the outbox (the record, always), the monitor's
 * own webhooks, its own e-mail over SMTP when one is configured, and its named channels
 * (with e-mail channels over SMTP, or into the outbox without one).
 */
import { join } from 'node:path';
import { createChannelNotifier } from '../adapters/common/channels/channel-notifier.ts';
import { createChannelSender } from '../adapters/common/channels/channel-sender.ts';
import { createMailNotifier } from '../adapters/common/notifiers/mail-notifier.ts';
import { combineNotifiers } from '../adapters/common/notifiers/combine.ts';
import type { FlushableNotifier, NotifierLogger } from '../adapters/common/notifiers/webhook.ts';
import { createWebhookNotifier } from '../adapters/common/notifiers/webhook.ts';
import { createOutboxMailTransport } from '../adapters/local/mail/outbox-mail.ts';
import { createSmtpTransport, type SmtpOptions } from '../adapters/local/mail/smtp.ts';
import { createOutboxNotifier } from '../adapters/local/notifiers/outbox.ts';
import type { ChannelSender } from '../ports/channel-sender.ts';
import type { Clock } from '../ports/clock.ts';
import type { Stores } from '../ports/stores.ts';
import { LOCAL_POLICY } from '../engine/index.ts';

export interface LocalAlerting {
  readonly notifier: FlushableNotifier;
  /** The named channels alone: reminders and held-back DOWNs go here (services/alert-follow-ups.ts). */
  readonly channelNotifier: FlushableNotifier;
  readonly channelSender: ChannelSender;
  close(): void;
}

export function localAlerting(
  stores: Pick<Stores, 'channels' | 'deliveries' | 'ledger' | 'monitors'>,
  options: { readonly dataDir: string; readonly smtp: SmtpOptions | null; readonly publicUrl: () => string | null; readonly clock: Clock; readonly logger: NotifierLogger },
): LocalAlerting {
  const outboxDir = join(options.dataDir, 'outbox');
  const smtp = options.smtp === null ? null : createSmtpTransport(options.smtp);
  const mail = smtp ?? createOutboxMailTransport(outboxDir, { now: () => options.clock.now() });
  const channelSender = createChannelSender({ policy: LOCAL_POLICY, mail });
  const channels = createChannelNotifier({ ...stores, sender: channelSender, clock: options.clock, logger: options.logger, publicUrl: options.publicUrl });
  const webhooks = createWebhookNotifier({ policy: LOCAL_POLICY, logger: options.logger });
  const parts = [createOutboxNotifier(outboxDir, options.smtp === null ? {} : { from: options.smtp.from }), webhooks, channels];
  if (smtp !== null) parts.push(createMailNotifier(smtp, options.logger));
  return { notifier: combineNotifiers(...parts), channelNotifier: channels, channelSender, close: () => smtp?.close() };
}
