import { describe, expect, it } from 'vitest';
import type { Incident } from '../../functions/core/incident.ts';
import { certificateAlert, downAlert, recoveredAlert, shortCause } from '../../functions/core/state-machine-alerts.ts';
import { T0, failingResult, iso, makeMonitor, passingResult } from '../helpers/fixtures.ts';

const monitor = makeMonitor({ alerts: { email: ['ops@example.test'], webhooks: [{ url: 'https://hooks.example.test/x' }] } });

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc_v1',
    monitorId: monitor.id,
    monitorName: monitor.name,
    status: 'open',
    openedAt: iso(T0),
    resolvedAt: null,
    cause: 'condition',
    verification: 'confirmed',
    primary: { region: 'eu-west-1', result: failingResult('eu-west-1', T0) },
    verifier: { region: 'us-east-1', result: failingResult('us-east-1', T0 + 2000), outcome: 'confirmed' },
    ledger: { opened: 7, resolved: null },
    ...overrides,
  };
}

describe('alert texts', () => {
  it('DOWN names the monitor, the cause and both regions', () => {
    const alert = downAlert(monitor, incident(), 7, iso(T0 + 3000));
    expect(alert).toMatchObject({
      id: 'down:inc_v1',
      kind: 'down',
      time: iso(T0 + 3000),
      monitor: { id: monitor.id, name: 'Shop', url: monitor.url },
      subject: '[CrossCheck] DOWN: Shop (HTTP 503) confirmed from eu-west-1 and us-east-1',
      incident: { id: 'inc_v1', cause: 'condition', openedAt: iso(T0), resolvedAt: null, verification: 'confirmed', ledgerSeq: 7 },
      recipients: { email: ['ops@example.test'], webhooks: [{ url: 'https://hooks.example.test/x' }] },
    });
    expect(alert.text).toContain('Seen from eu-west-1 at 2026-11-21T10:00:00.000Z: HTTP 503; cause condition; failed [STATUS] (503) == 200; 48 ms');
    expect(alert.text).toContain('Confirmed from us-east-1');
    expect(alert.text).toContain('ledger entry #7');
  });

  it('DOWN without verification says so', () => {
    const alert = downAlert(monitor, incident({ verification: 'unavailable', verifier: null, primary: { region: 'eu-west-1', result: failingResult('eu-west-1', T0, 'timeout') } }), null, iso(T0));
    expect(alert.subject).toBe('[CrossCheck] DOWN: Shop (timeout) seen from eu-west-1; no other region could verify');
    expect(alert.text).toContain('Verification: unavailable');
    expect(alert.text).toContain('no response; cause timeout; no response within 10000 ms');
  });

  it('RECOVERED gives the downtime', () => {
    const resolved = incident({ status: 'resolved', resolvedAt: iso(T0 + 750_000), ledger: { opened: 7, resolved: 9 } });
    const alert = recoveredAlert(monitor, resolved, 9, iso(T0 + 750_000));
    expect(alert).toMatchObject({
      id: 'recovered:inc_v1',
      kind: 'recovered',
      subject: '[CrossCheck] RECOVERED: Shop after 12m 30s',
      incident: { resolvedAt: iso(T0 + 750_000), ledgerSeq: 9 },
    });
  });

  it.each([
    [13, 'expires in 13 days'],
    [1, 'expires in 1 day'],
    [0, 'expires today'],
    [-1, 'expired 1 day ago'],
    [-3, 'expired 3 days ago'],
  ])('certificate with %i days left: %s', (daysLeft, when) => {
    const alert = certificateAlert(monitor, {
      type: 'certificateWarning',
      id: 'certificate:mon-shop:AA:14',
      thresholdDays: 14,
      daysLeft,
      notAfter: iso(T0 + daysLeft * 86_400_000),
      fingerprint256: 'AA',
      at: iso(T0),
    });
    expect(alert.subject).toBe(`[CrossCheck] Certificate for Shop ${when}`);
    expect(alert).toMatchObject({ id: 'certificate:mon-shop:AA:14', kind: 'certificate', certificate: { thresholdDays: 14, daysLeft, fingerprint256: 'AA' } });
    expect(alert.incident).toBeUndefined();
  });

  it('short causes name a failed non-status condition as written', () => {
    const result = passingResult('eu-west-1', T0, { success: false, cause: 'condition', conditions: [{ condition: '[BODY].status (DOWN) == UP', success: false }] });
    expect(shortCause(result)).toBe('[BODY].status (DOWN) == UP');
    expect(shortCause(failingResult('eu-west-1', T0, 'connect'))).toBe('connect');
  });
});
