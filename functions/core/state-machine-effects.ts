/**
 * What the state machine asks the services to do after a transition. Effects are
 * plain data, stored in the state's pending effects with the transition itself, and each is
 * idempotent by a deterministic id:
 * - incident ids derive from the verification id (`inc_<verificationId>`), so one
 *   verification can only ever open one incident;
 * - ledger keys are `incident.opened:<incidentId>` and `incident.resolved:<incidentId>`;
 * - alert ids are `down:<incidentId>`, `recovered:<incidentId>` and
 *   `certificate:<monitorId>:<fingerprint>:<days>`, claimed in the alert log before sending.
 */
import type { CheckResult } from './check-result.ts';
import type { Anomaly, Incident, IncidentResolution } from './incident.ts';

/** Send the verification to `targetRegion`'s verifier. */
export interface RequestVerificationEffect {
  readonly type: 'requestVerification';
  readonly id: string;
  readonly verificationId: string;
  readonly fromRegion: string;
  readonly targetRegion: string;
  /** Regions asked before this one, in order. */
  readonly tried: readonly string[];
  /** RFC 3339. */
  readonly requestedAt: string;
  /** The failing result that started the verification. */
  readonly primary: CheckResult;
}

/** Record the incident (ledger entry first, then the incident with its seq) and alert DOWN unless `notify` is false. */
export interface OpenIncidentEffect {
  readonly type: 'openIncident';
  readonly id: string;
  readonly incident: Incident;
  /** false inside a maintenance window: recorded, not alerted. */
  readonly notify: boolean;
}

/** Resolve the incident (ledger entry, incident update) and alert RECOVERED unless `notify` is false. */
export interface ResolveIncidentEffect {
  readonly type: 'resolveIncident';
  readonly id: string;
  readonly incidentId: string;
  /** RFC 3339. */
  readonly resolvedAt: string;
  /** true when the incident's DOWN alert went out (it opened outside maintenance). */
  readonly notify: boolean;
  /** Why it resolved when the monitor did not recover: it was paused or deleted while DOWN. Absent on recovery. */
  readonly reason?: IncidentResolution | undefined;
}

/** Store a refuted failure and count it in the primary region's rollup. */
export interface RecordAnomalyEffect {
  readonly type: 'recordAnomaly';
  readonly id: string;
  readonly anomaly: Anomaly;
}

/** Alert that the certificate crossed a warning threshold. */
export interface CertificateWarningEffect {
  readonly type: 'certificateWarning';
  readonly id: string;
  readonly thresholdDays: number;
  readonly daysLeft: number;
  /** RFC 3339. */
  readonly notAfter: string;
  readonly fingerprint256: string;
  /** RFC 3339. */
  readonly at: string;
}

export type Effect =
  | RequestVerificationEffect
  | OpenIncidentEffect
  | ResolveIncidentEffect
  | RecordAnomalyEffect
  | CertificateWarningEffect;

export const incidentIdFor = (verificationId: string): string => `inc_${verificationId}`;
export const anomalyIdFor = (verificationId: string): string => `anm_${verificationId}`;

export const ledgerKeys = {
  opened: (incidentId: string): string => `incident.opened:${incidentId}`,
  resolved: (incidentId: string): string => `incident.resolved:${incidentId}`,
} as const;

export const alertIds = {
  down: (incidentId: string): string => `down:${incidentId}`,
  recovered: (incidentId: string): string => `recovered:${incidentId}`,
  certificate: (monitorId: string, fingerprint256: string, thresholdDays: number): string =>
    `certificate:${monitorId}:${fingerprint256}:${thresholdDays}`,
} as const;
