/** Alerts: sent on state transitions only, and once per certificate threshold. */
import type { Webhook } from './monitor.ts';

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
