import { describe, expect, it } from 'vitest';
import { certificateWarningDue } from '../../functions/core/certificates.ts';
import type { TlsFacts } from '../../functions/core/check-result.ts';
import type { CertificateWarnings } from '../../functions/core/state.ts';

const OLD = 'AA:AA:AA';
const NEW = 'BB:BB:BB';

function tls(daysLeft: number | null, fingerprint256: string | null = OLD): TlsFacts {
  return {
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_128_GCM_SHA256',
    subject: 'CN=shop.example',
    issuer: 'CN=Example CA',
    subjectAltNames: ['DNS:shop.example'],
    notBefore: '2026-09-01T00:00:00.000Z',
    notAfter: '2026-12-21T00:00:00.000Z',
    fingerprint256,
    daysLeft,
    chainVerified: true,
    verificationError: null,
  };
}

const DEFAULT = [30, 14, 7];

describe('certificateWarningDue', () => {
  it('walks a certificate from 45 days down to expiry, warning once at 30, 14 and 7', () => {
    // Scripted: one check a day; after each, what alerts and what is stored.
    let warnings: CertificateWarnings | null = null;
    const alerts: number[] = [];
    for (let daysLeft = 45; daysLeft >= -2; daysLeft--) {
      const due = certificateWarningDue(warnings, tls(daysLeft), DEFAULT);
      if (due) {
        alerts.push(due.thresholdDays);
        expect(due.daysLeft).toBe(daysLeft);
        warnings = due.warnings;
      }
      if (daysLeft === 31) expect(warnings).toBeNull();
      if (daysLeft === 30) expect(warnings).toEqual({ fingerprint256: OLD, sentDays: [30] });
      if (daysLeft === 13) expect(warnings).toEqual({ fingerprint256: OLD, sentDays: [30, 14] });
      if (daysLeft === 7) expect(warnings).toEqual({ fingerprint256: OLD, sentDays: [30, 14, 7] });
    }
    expect(alerts).toEqual([30, 14, 7]);
  });

  it('alerts only the most urgent threshold when several are crossed at once, and records all', () => {
    const due = certificateWarningDue(null, tls(6), DEFAULT);
    expect(due).toMatchObject({ thresholdDays: 7, newlyCrossed: [7, 14, 30], warnings: { fingerprint256: OLD, sentDays: [30, 14, 7] } });
    expect(certificateWarningDue(due!.warnings, tls(5), DEFAULT)).toBeNull();
  });

  it('crosses 14 and 7 together after a gap, 30 already sent', () => {
    const due = certificateWarningDue({ fingerprint256: OLD, sentDays: [30] }, tls(3), DEFAULT);
    expect(due).toMatchObject({ thresholdDays: 7, newlyCrossed: [7, 14], warnings: { sentDays: [30, 14, 7] } });
  });

  it('starts over for a new certificate, and says nothing while the new one is far from expiry', () => {
    const sent: CertificateWarnings = { fingerprint256: OLD, sentDays: [30, 14] };
    expect(certificateWarningDue(sent, tls(89, NEW), DEFAULT)).toBeNull();
    const due = certificateWarningDue(sent, tls(29, NEW), DEFAULT);
    expect(due).toMatchObject({ thresholdDays: 30, fingerprint256: NEW, warnings: { fingerprint256: NEW, sentDays: [30] } });
  });

  it('treats the old certificate coming back as the same certificate it warned about', () => {
    const sent: CertificateWarnings = { fingerprint256: OLD, sentDays: [30, 14] };
    expect(certificateWarningDue(sent, tls(12, OLD), DEFAULT)).toBeNull();
  });

  it('uses the monitor\'s own thresholds, ignoring duplicates', () => {
    const due = certificateWarningDue(null, tls(55), [60, 21, 60, 3]);
    expect(due).toMatchObject({ thresholdDays: 60, newlyCrossed: [60], warnings: { sentDays: [60] } });
    expect(certificateWarningDue(null, tls(55), [])).toBeNull();
  });

  it('warns on an expired certificate at the smallest threshold', () => {
    expect(certificateWarningDue(null, tls(-1), DEFAULT)).toMatchObject({ thresholdDays: 7, daysLeft: -1 });
  });

  it.each([
    ['no TLS', null],
    ['no fingerprint', tls(3, null)],
    ['no expiry known', tls(null)],
  ])('is null with %s', (_label, facts) => {
    expect(certificateWarningDue(null, facts, DEFAULT)).toBeNull();
  });
});
