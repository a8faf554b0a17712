/** Alerts: sent on state transitions only, and once per certificate threshold. */
import type { ChannelRef } from './channel-ref.ts';
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
    /** Why: the failed conditions with their observed values (`[STATUS] (503) == 200`), or the error. */
    readonly reasons?: readonly string[];
    /** The locations that saw the failure (the first one, then the verifier). */
    readonly locations?: readonly string[];
  };
  readonly certificate?: {
    readonly thresholdDays: number;
    readonly daysLeft: number;
    readonly notAfter: string;
    readonly fingerprint256: string;
  };
  readonly recipients: { readonly email: readonly string[]; readonly webhooks: readonly Webhook[]; readonly channels?: readonly ChannelRef[] };
}

/** An alert as it goes to a receiver: without its recipients (other receivers' URLs and secrets are none of its business). */
export type DeliveredAlert = Omit<Alert, 'recipients'>;

export function deliveredAlert(alert: Alert): DeliveredAlert {
  const { recipients: _recipients, ...rest } = alert;
  return rest;
}

/** An alert as a record keeps it (the outbox): its recipients, with webhook secrets left out. */
export function recordedAlert(alert: Alert): DeliveredAlert & { readonly recipients: { readonly email: readonly string[]; readonly webhooks: readonly WebhookView[]; readonly channels?: readonly ChannelRef[] } } {
  return { ...alert, recipients: { ...alert.recipients, webhooks: alert.recipients.webhooks.map(webhookView) } };
}
