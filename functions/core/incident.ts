/** Incidents and regional anomalies: what a confirmed or a refuted failure leaves behind. */
import type { CheckResult, FailureCause } from './check-result.ts';

export type IncidentStatus = 'open' | 'resolved';
/** `confirmed`: another region saw the failure too. `unavailable`: no other region could be asked, and the failure persisted another round. */
export type IncidentVerification = 'confirmed' | 'unavailable';
export type VerificationOutcome = 'confirmed' | 'refuted';
/** Why an incident resolved other than by the monitor recovering. */
export type IncidentResolution = 'monitor paused' | 'monitor deleted';

export interface RegionEvidence {
  readonly region: string;
  readonly result: CheckResult;
}

export interface Incident {
  readonly id: string;
  readonly monitorId: string;
  readonly monitorName: string;
  readonly status: IncidentStatus;
  /** RFC 3339. */
  readonly openedAt: string;
  /** RFC 3339, null while open. */
  readonly resolvedAt: string | null;
  readonly cause: FailureCause;
  readonly verification: IncidentVerification;
  readonly primary: RegionEvidence;
  /** The verifying region's result; null when verification was unavailable. */
  readonly verifier: (RegionEvidence & { readonly outcome: VerificationOutcome }) | null;
  /** Quorum: every verifying location's answer, in order, when more than one location answered. */
  readonly answers?: readonly (RegionEvidence & { readonly outcome: VerificationOutcome })[] | undefined;
  /** Set when the incident resolved because the monitor was paused or deleted while DOWN; absent when it recovered. */
  readonly resolution?: IncidentResolution | undefined;
  /** Ledger sequence numbers of the incident's entries. */
  readonly ledger: { readonly opened: number | null; readonly resolved: number | null };
}

/** A failure seen in one region and refuted by another: counted, never alerted. */
export interface Anomaly {
  readonly id: string;
  readonly monitorId: string;
  /** RFC 3339. */
  readonly at: string;
  readonly primary: RegionEvidence;
  readonly verifier: RegionEvidence;
  /** Quorum: every verifying location's answer, in order, when more than one location answered. */
  readonly answers?: readonly (RegionEvidence & { readonly outcome: VerificationOutcome })[] | undefined;
}
