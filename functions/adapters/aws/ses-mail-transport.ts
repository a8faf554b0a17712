/** E-mail channels over Amazon SES (API v2): one message with a plain-text and an HTML part. Throttling and 5xx are retryable. */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { MailError } from '../../core/errors.ts';
import type { MailTransport } from '../../ports/mail-transport.ts';
import { sesClient } from './clients.ts';

export function createSesMailTransport(options: { readonly from: string; readonly region: string; readonly client?: SESv2Client }): MailTransport {
  const client = options.client ?? sesClient(options.region);
  return {
    async sendMail(mail) {
      try {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: options.from,
            Destination: { ToAddresses: [...mail.to] },
            Content: {
              Simple: {
                Subject: { Data: mail.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
                ...(mail.headers ? { Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
              },
            },
          }),
        );
      } catch (error) {
        const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; message?: string };
        const status = e.$metadata?.httpStatusCode ?? null;
        throw new MailError(`ses ${e.name ?? 'error'}: ${e.message ?? String(error)}`, {
          responseCode: status,
          retryable: e.name === 'TooManyRequestsException' || e.name === 'ThrottlingException' || (status !== null && status >= 500),
          cause: error,
        });
      }
    },
  };
}
