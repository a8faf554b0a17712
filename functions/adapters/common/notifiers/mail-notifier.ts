/**
 * A monitor's own e-mail alerts (`alerts.email`) through a mail transport (SMTP in local
 * mode when one is configured): the plain-text and HTML parts the outbox record has.
 * Failures are logged with the SMTP reply, never thrown (the outbox keeps the record).
 */
import type { Alert } from '../../../core/alert.ts';
import type { MailTransport } from '../../../ports/mail-transport.ts';
import type { Notifier } from '../../../ports/notifier.ts';
import { renderHtml } from './email.ts';
import type { NotifierLogger } from './webhook.ts';

export function createMailNotifier(transport: MailTransport, logger: NotifierLogger, defaultTo: readonly string[] = []): Notifier {
  return {
    async send(alert: Alert) {
      const to = alert.recipients.email.length > 0 ? alert.recipients.email : defaultTo;
      if (to.length === 0) return;
      try {
        await transport.sendMail({
          to,
          subject: alert.subject,
          text: alert.text,
          html: renderHtml(alert),
          headers: { 'Auto-Submitted': 'auto-generated', 'X-CrossCheck-Alert-Id': alert.id, 'X-CrossCheck-Alert-Kind': alert.kind },
        });
      } catch (error) {
        logger.error('alert e-mail failed', { alertId: alert.id, reason: (error as Error).message });
      }
    },
  };
}
