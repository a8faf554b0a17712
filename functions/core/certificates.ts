/**
 * Certificate expiry warnings: once per threshold per certificate.
 *
 * A threshold of N days is crossed when the certificate has N or fewer whole days
 * left (TlsFacts.daysLeft, negative once expired). Each threshold warns once for a
 * given certificate (its SHA-256 fingerprint); a new certificate starts over. When
 * several thresholds are newly crossed at once (a first check at 6 days left, or a
 * check gap), only the most urgent one alerts, and all of them are recorded as sent
 * so that none of them alerts later.
 */
import type { TlsFacts } from './check-result.ts';
import type { CertificateWarnings } from './state.ts';

export interface CertificateWarningDue {
  /** What to store as the state's `certWarnings`. */
  readonly warnings: CertificateWarnings;
  /** The threshold to alert about: the smallest newly crossed one. */
  readonly thresholdDays: number;
  /** Every threshold newly crossed by this check, most urgent first. */
  readonly newlyCrossed: readonly number[];
  readonly daysLeft: number;
  /** RFC 3339. */
  readonly notAfter: string;
  readonly fingerprint256: string;
}

/**
 * The warning a check's certificate calls for, or null when none is due (no TLS,
 * no fingerprint or expiry known, nothing newly crossed). Pure: the caller stores
 * `warnings` and sends the alert.
 */
export function certificateWarningDue(
  previous: CertificateWarnings | null,
  tls: TlsFacts | null,
  thresholds: readonly number[],
): CertificateWarningDue | null {
  if (!tls || tls.fingerprint256 === null || tls.daysLeft === null || tls.notAfter === null) return null;
  const daysLeft = tls.daysLeft;
  const sameCertificate = previous !== null && previous.fingerprint256 === tls.fingerprint256;
  const alreadySent = new Set(sameCertificate ? previous.sentDays : []);
  const crossed = [...new Set(thresholds)].filter((days) => daysLeft <= days);
  const newlyCrossed = crossed.filter((days) => !alreadySent.has(days)).sort((a, b) => a - b);
  if (newlyCrossed.length === 0) return null;
  const sentDays = [...new Set([...alreadySent, ...newlyCrossed])].sort((a, b) => b - a);
  return {
    warnings: { fingerprint256: tls.fingerprint256, sentDays },
    thresholdDays: newlyCrossed[0]!,
    newlyCrossed,
    daysLeft,
    notAfter: tls.notAfter,
    fingerprint256: tls.fingerprint256,
  };
}
