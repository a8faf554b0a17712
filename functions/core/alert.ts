/** Alerts: sent on state transitions only, and once per certificate threshold. */
import type { Webhook } from './monitor.ts';
import { webhookView, type WebhookView } from './write-only-secrets.ts';

export type AlertKind = 'down' | 'recovered' | 'certificate';

export interface Alert {
  /** Stable per event (e.g. `down:<incidentId>`): notifiers and the alert log dedupe on it. */
  readonly id: string;
  readonly kind: AlertKind;
  /** RFC 3339. */
  readonly time: string;
  readonly monitor: { readonly id: string; readonly name: string; readonly url: string };
  readonly subject: string;
  /** Plain-text body; notifiers may render HTML from the same facts. */
  readonly text: string;
  readonly incident?: {
    readonly id: string;
    readonly cause: string;
    readonly openedAt: string;
    readonly resolvedAt: string | null;
    readonly verification: string;
    readonly ledgerSeq: number | null;
  };
  readonly certificate?: {
    readonly thresholdDays: number;
    readonly daysLeft: number;
    readonly notAfter: string;
    readonly fingerprint256: string;
  };
  readonly recipients: { readonly email: readonly string[]; readonly webhooks: readonly Webhook[] };
}

/** An alert as it goes to a receiver: without its recipients (other receivers' URLs and secrets are none of its business). */
export type DeliveredAlert = Omit<Alert, 'recipients'>;

export function deliveredAlert(alert: Alert): DeliveredAlert {
  const { recipients: _recipients, ...rest } = alert;
  return rest;
}

/** An alert as a record keeps it (the outbox): its recipients, with webhook secrets left out. */
export function recordedAlert(alert: Alert): DeliveredAlert & { readonly recipients: { readonly email: readonly string[]; readonly webhooks: readonly WebhookView[] } } {
  return { ...alert, recipients: { email: alert.recipients.email, webhooks: alert.recipients.webhooks.map(webhookView) } };
}
