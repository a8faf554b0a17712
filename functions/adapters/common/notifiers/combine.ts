/** One notifier that hands each alert to several (outbox and webhooks, say). */
import type { Notifier } from '../../../ports/notifier.ts';
import type { FlushableNotifier } from './webhook.ts';

/**
 * Every notifier gets every alert, even when another one fails; the failures are then
 * thrown together (the only one as is, several as an AggregateError).
 */
export function combineNotifiers(...notifiers: readonly Notifier[]): FlushableNotifier {
  return {
    async send(alert) {
      const outcomes = await Promise.allSettled(notifiers.map((n) => n.send(alert)));
      const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, `${errors.length} notifiers failed for alert ${alert.id}`);
    },
    async flush() {
      await Promise.all(notifiers.map((n) => ('flush' in n && typeof n.flush === 'function' ? (n as FlushableNotifier).flush() : undefined)));
    },
  };
}
