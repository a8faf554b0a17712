/**
 * Notifier over Amazon SES (API v2): each alert as one email with a plain-text and an
 * HTML part, rendered by the same code as the local mode's outbox (so an alert reads the
 * same everywhere), sent as raw MIME. Recipients are the monitor's own, else the
 * configured defaults; with neither, there is nobody to write to and nothing is sent.
 */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Alert } from '../../core/alert.ts';
import type { Notifier } from '../../ports/notifier.ts';
import { renderEmail } from '../common/notifiers/email.ts';
import { sesClient } from './clients.ts';
import { awsStep } from './errors.ts';

export interface SesNotifierOptions {
  /** A verified SES identity, e.g. `CrossCheck <alerts@example.com>`. */
  readonly from: string;
  /** Recipients of alerts whose monitor names none. @default [] */
  readonly defaultTo?: readonly string[];
  readonly region: string;
  /** @default the container's client for the region */
  readonly client?: SESv2Client;
  /** An SES configuration set (event publishing, dedicated IPs). */
  readonly configurationSetName?: string;
}

export function recipientsOf(alert: Alert, defaultTo: readonly string[]): readonly string[] {
  return alert.recipients.email.length > 0 ? alert.recipients.email : defaultTo;
}

export function createSesNotifier(options: SesNotifierOptions): Notifier {
  const client = options.client ?? sesClient(options.region);
  const defaultTo = options.defaultTo ?? [];
  return {
    send: (alert) =>
      awsStep(`alert ${alert.id} by email`, async () => {
        const to = recipientsOf(alert, defaultTo);
        if (to.length === 0) return;
        const raw = renderEmail(alert, { from: options.from, defaultTo: to.join(', ') });
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: options.from,
            Destination: { ToAddresses: [...to] },
            Content: { Raw: { Data: Buffer.from(raw, 'utf8') } },
            ...(options.configurationSetName === undefined ? {} : { ConfigurationSetName: options.configurationSetName }),
          }),
        );
      }),
  };
}
