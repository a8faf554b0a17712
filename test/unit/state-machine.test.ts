/**
 * Scripted state-machine tests: results are fed one at a time, and after each step
 * the test asserts the status, the counters and the effects the step asked for.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../functions/core/check-result.ts';
import type { HttpMonitor, Monitor } from '../../functions/core/monitor.ts';
import type { Effect, OpenIncidentEffect, RequestVerificationEffect } from '../../functions/core/state-machine-effects.ts';
import { decide, verificationCandidates, verificationStaleAfterMs, type Decision } from '../../functions/core/state-machine.ts';
import { initialState, type MonitorState } from '../../functions/core/state.ts';
import { T0, failingResult, iso, makeMonitor, passingResult, tlsFacts } from '../helpers/fixtures.ts';

const EU = 'eu-west-1';
const US = 'us-east-1';
const AP = 'ap-south-1';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Drives `decide` like the services do: store the next state when it changed, keep every effect. */
class Script {
  state: MonitorState;
  now = T0;
  last!: Decision;
  readonly effects: Effect[] = [];
  private ids = 0;
  readonly monitor: HttpMonitor;

  constructor(overrides: Partial<HttpMonitor> = {}) {
    this.monitor = makeMonitor({ regions: [EU, US, AP], ...overrides });
    this.state = initialState(this.monitor.id, iso(T0));
  }

  /** Advance the clock by `seconds`. */
  wait(seconds: number): this {
    this.now += seconds * 1000;
    return this;
  }

  check(region: string, outcome: 'ok' | 'fail' | CheckResult): Decision {
    const result = outcome === 'ok' ? passingResult(region, this.now) : outcome === 'fail' ? failingResult(region, this.now) : outcome;
    return this.apply({ type: 'check', region, result, verificationId: `ver-${++this.ids}` });
  }

  /** The verifier in `region` answers the pending (or a given) verification. */
  verify(region: string, outcome: 'ok' | 'fail', verificationId = this.state.verification?.id ?? 'none'): Decision {
    const result = outcome === 'ok' ? passingResult(region, this.now) : failingResult(region, this.now);
    const request = this.effects.findLast((e): e is RequestVerificationEffect => e.type === 'requestVerification' && e.verificationId === verificationId);
    return this.apply({ type: 'verified', verificationId, region, result, primary: request?.primary ?? failingResult(EU, this.now) });
  }

  unreachable(region: string): Decision {
    const verification = this.state.verification!;
    const request = this.effects.findLast((e): e is RequestVerificationEffect => e.type === 'requestVerification' && e.verificationId === verification.id)!;
    return this.apply({ type: 'verifierUnreachable', verificationId: verification.id, region, primary: request.primary });
  }

  private apply(input: Parameters<typeof decide>[2]): Decision {
    // decide is pure: frozen inputs prove it never writes to them.
    const decision = decide(deepFreeze(this.state), deepFreeze(this.monitor), deepFreeze(input), this.now);
    if (decision.changed) this.state = { ...decision.next, version: this.state.version + 1 };
    else expect(decision.next).toBe(this.state);
    this.effects.push(...decision.effects);
    this.last = decision;
    return decision;
  }

  types(): string[] {
    return this.last.effects.map((e) => e.type);
  }

  count(type: Effect['type']): number {
    return this.effects.filter((e) => e.type === type).length;
  }

  opened(): OpenIncidentEffect[] {
    return this.effects.filter((e): e is OpenIncidentEffect => e.type === 'openIncident');
  }
}

describe('PENDING', () => {
  it('goes UP on the first success, then a steady success writes nothing', () => {
    const s = new Script();
    expect(s.state.status).toBe('PENDING');
    s.check(EU, 'ok');
    expect(s.state).toMatchObject({ status: 'UP', since: iso(T0), failures: {}, successes: 0, lastCheckAt: iso(T0) });
    expect(s.last.changed).toBe(true);
    s.wait(60).check(US, 'ok');
    expect(s.last.changed).toBe(false);
    expect(s.state.version).toBe(1);
  });

  it('takes a first failure down the same verification path as UP', () => {
    const s = new Script();
    s.check(EU, 'fail');
    expect(s.state.status).toBe('VERIFYING');
    expect(s.types()).toEqual(['requestVerification']);
    s.verify(US, 'ok');
    expect(s.state.status).toBe('UP');
    expect(s.types()).toEqual(['recordAnomaly']);
  });
});

describe('a single-region blip', () => {
  it('is verified from the next region, refuted, counted as an anomaly, and never opens an incident', () => {
    const s = new Script();
    s.check(EU, 'ok');
    s.wait(60).check(EU, 'fail');
    expect(s.state).toMatchObject({ status: 'VERIFYING', failures: { [EU]: 1 } });
    expect(s.state.verification).toMatchObject({ id: 'ver-2', fromRegion: EU, targetRegion: US, tried: [US], unavailableSince: null });
    expect(s.last.effects).toEqual([
      expect.objectContaining({ type: 'requestVerification', id: 'verify:ver-2:us-east-1', verificationId: 'ver-2', fromRegion: EU, targetRegion: US, tried: [] }),
    ]);

    s.verify(US, 'ok');
    expect(s.state).toMatchObject({ status: 'UP', failures: {}, verification: null, openIncidentId: null });
    expect(s.last.effects).toEqual([
      expect.objectContaining({
        type: 'recordAnomaly',
        anomaly: expect.objectContaining({
          id: 'anm_ver-2',
          monitorId: 'mon-shop',
          primary: expect.objectContaining({ region: EU }),
          verifier: expect.objectContaining({ region: US }),
        }),
      }),
    ]);
    expect(s.count('openIncident')).toBe(0);
  });

  it('asks the first region when the last one in the list fails (wrapping)', () => {
    const s = new Script();
    s.check(AP, 'fail');
    expect(s.state.verification).toMatchObject({ fromRegion: AP, targetRegion: EU });
    expect(verificationCandidates([EU, US, AP], US, [])).toEqual([AP, EU]);
    expect(verificationCandidates([EU, US, AP], US, [AP])).toEqual([EU]);
    expect(verificationCandidates([EU, US], 'elsewhere', [])).toEqual([EU, US]);
  });
});

describe('a real outage', () => {
  it('confirms, opens one incident with both regions\' evidence, and resolves after two successes', () => {
    const s = new Script();
    s.check(EU, 'ok');
    s.wait(60).check(EU, 'fail');
    const requestedAt = s.state.verification!.requestedAt;
    s.wait(2).verify(US, 'fail');
    expect(s.state).toMatchObject({ status: 'DOWN', since: iso(s.now), openIncidentId: 'inc_ver-2', verification: null, successes: 0 });
    const [open] = s.opened();
    expect(open).toMatchObject({
      id: 'open:inc_ver-2',
      notify: true,
      incident: {
        id: 'inc_ver-2',
        monitorId: 'mon-shop',
        monitorName: 'Shop',
        status: 'open',
        openedAt: requestedAt,
        resolvedAt: null,
        cause: 'condition',
        verification: 'confirmed',
        primary: { region: EU, result: expect.objectContaining({ status: 503, success: false }) },
        verifier: { region: US, outcome: 'confirmed', result: expect.objectContaining({ status: 503, region: US }) },
        ledger: { opened: null, resolved: null },
      },
    });

    // While DOWN, failures from every region change nothing once counters saturate.
    s.wait(58).check(EU, 'fail');
    expect(s.last.changed).toBe(false);
    s.check(US, 'fail');
    expect(s.state.failures).toEqual({ [EU]: 1, [US]: 1 });
    s.wait(60).check(US, 'fail');
    expect(s.last.changed).toBe(false);

    // Recovery: successes count across regions; a failure in between starts over.
    s.wait(60).check(EU, 'ok');
    expect(s.state).toMatchObject({ status: 'DOWN', successes: 1, failures: { [US]: 1 } });
    s.check(US, 'fail');
    expect(s.state).toMatchObject({ status: 'DOWN', successes: 0 });
    s.wait(60).check(EU, 'ok');
    expect(s.state).toMatchObject({ status: 'DOWN', successes: 1 });
    s.check(US, 'ok');
    expect(s.state).toMatchObject({ status: 'UP', successes: 0, failures: {}, openIncidentId: null, since: iso(s.now) });
    expect(s.last.effects).toEqual([
      { type: 'resolveIncident', id: 'resolve:inc_ver-2', incidentId: 'inc_ver-2', resolvedAt: iso(s.now), notify: true },
    ]);
    expect(s.count('openIncident')).toBe(1);
    expect(s.count('resolveIncident')).toBe(1);
  });

  it('names the cause of a transport failure', () => {
    const s = new Script();
    s.check(EU, failingResult(EU, s.now, 'timeout'));
    s.verify(US, 'fail');
    expect(s.opened()[0]!.incident.cause).toBe('timeout');
  });
});

describe('thresholds', () => {
  it.each([2, 3])('failureThreshold %i: consecutive failures in one region start the verification', (threshold) => {
    const s = new Script({ failureThreshold: threshold });
    s.check(EU, 'ok');
    for (let i = 1; i < threshold; i++) {
      s.wait(60).check(EU, 'fail');
      expect(s.state).toMatchObject({ status: 'UP', failures: { [EU]: i } });
      expect(s.last.effects).toEqual([]);
    }
    // A success resets the count; failures in other regions do not add to it.
    s.wait(60).check(EU, 'ok');
    expect(s.state.failures).toEqual({});
    for (let i = 1; i < threshold; i++) {
      s.wait(60).check(EU, 'fail');
      s.check(US, 'fail');
    }
    expect(s.state).toMatchObject({ status: 'UP', failures: { [EU]: threshold - 1, [US]: threshold - 1 } });
    s.wait(60).check(EU, 'fail');
    expect(s.state).toMatchObject({ status: 'VERIFYING', failures: { [EU]: threshold } });
    expect(s.types()).toEqual(['requestVerification']);
  });

  it.each([2, 3])('successThreshold %i: that many consecutive successes resolve, across regions', (threshold) => {
    const s = new Script({ successThreshold: threshold });
    s.check(EU, 'fail');
    s.verify(US, 'fail');
    expect(s.state.status).toBe('DOWN');
    const regions = [EU, US, AP];
    for (let i = 1; i < threshold; i++) {
      s.wait(30).check(regions[i % 3]!, 'ok');
      expect(s.state).toMatchObject({ status: 'DOWN', successes: i });
    }
    s.wait(30).check(EU, 'ok');
    expect(s.state.status).toBe('UP');
    expect(s.types()).toEqual(['resolveIncident']);
  });

  it('successThreshold 1 resolves on the first success', () => {
    const s = new Script({ successThreshold: 1 });
    s.check(EU, 'fail');
    s.verify(US, 'fail');
    s.wait(60).check(AP, 'ok');
    expect(s.state.status).toBe('UP');
  });
});

describe('flapping', () => {
  it('a region that fails every other check yields anomalies, never an incident', () => {
    const s = new Script();
    for (let i = 0; i < 5; i++) {
      s.wait(60).check(EU, 'fail');
      expect(s.state.status).toBe('VERIFYING');
      s.verify(US, 'ok');
      expect(s.state.status).toBe('UP');
      s.wait(60).check(EU, 'ok');
    }
    expect(s.count('recordAnomaly')).toBe(5);
    expect(s.count('openIncident')).toBe(0);
  });

  it('a target that flaps while DOWN never reaches successThreshold 3', () => {
    const s = new Script({ successThreshold: 3 });
    s.check(EU, 'fail');
    s.verify(US, 'fail');
    for (let i = 0; i < 4; i++) {
      s.wait(60).check(EU, 'ok');
      s.check(US, 'ok');
      expect(s.state.successes).toBe(2);
      s.check(AP, 'fail');
      expect(s.state).toMatchObject({ status: 'DOWN', successes: 0 });
    }
    expect(s.count('resolveIncident')).toBe(0);
  });

  it('an outage that comes back after recovery opens a second, separate incident', () => {
    const s = new Script();
    s.check(EU, 'fail');
    s.verify(US, 'fail');
    s.wait(60).check(EU, 'ok');
    s.check(US, 'ok');
    expect(s.state.status).toBe('UP');
    s.wait(60).check(US, 'fail');
    expect(s.state.verification).toMatchObject({ fromRegion: US, targetRegion: AP });
    s.verify(AP, 'fail');
    expect(s.opened().map((o) => o.incident.id)).toEqual(['inc_ver-1', 'inc_ver-4']);
  });
});

describe('duplicates and late answers', () => {
  it('an answer delivered twice changes nothing the second time', () => {
    const s = new Script();
    s.check(EU, 'fail');
    const id = s.state.verification!.id;
    s.verify(US, 'fail', id);
    const down = s.state;
    s.verify(US, 'fail', id);
    expect(s.last).toEqual({ next: down, effects: [], changed: false });
    s.verify(US, 'ok', id);
    expect(s.last.changed).toBe(false);
    expect(s.count('openIncident')).toBe(1);
  });

  it('a late answer for an earlier verification changes nothing', () => {
    const s = new Script();
    s.check(EU, 'fail');
    s.verify(US, 'ok');
    s.wait(60).check(EU, 'fail');
    expect(s.state.verification!.id).toBe('ver-2');
    s.verify(US, 'fail', 'ver-1');
    expect(s.last.changed).toBe(false);
    expect(s.state.status).toBe('VERIFYING');
  });

  it('ignores an answer from the region that saw the failure', () => {
    const s = new Script();
    s.check(EU, 'fail');
    s.verify(EU, 'fail');
    expect(s.last.changed).toBe(false);
    expect(s.state.status).toBe('VERIFYING');
  });

  it('two answers to one verification racing on the same state: both decide, the store lets one win', () => {
    const s = new Script();
    s.check(EU, 'fail');
    const before = s.state;
    const input = (region: string, result: CheckResult) =>
      ({ type: 'verified', verificationId: before.verification!.id, region, result, primary: failingResult(EU, T0) }) as const;
    const a = decide(before, s.monitor, input(US, failingResult(US, T0)), T0);
    const b = decide(before, s.monitor, input(US, failingResult(US, T0)), T0);
    // Same decision, same deterministic incident id: whichever write wins, one incident.
    expect(a).toEqual(b);
    // The loser re-reads the winner's state and re-decides: nothing left to do.
    const winner = { ...a.next, version: before.version + 1 };
    expect(decide(winner, s.monitor, input(US, failingResult(US, T0)), T0).changed).toBe(false);
  });
});

describe('verifier unreachable', () => {
  it('falls back to the next region, and with none left opens an "unavailable" incident only when the failure persists another round', () => {
    const s = new Script();
    s.check(EU, 'ok');
    s.wait(60).check(EU, 'fail');
    expect(s.state.verification).toMatchObject({ targetRegion: US, tried: [US] });

    s.unreachable(US);
    expect(s.state.verification).toMatchObject({ targetRegion: AP, tried: [US, AP], unavailableSince: null });
    expect(s.last.effects).toEqual([
      expect.objectContaining({ type: 'requestVerification', id: 'verify:ver-2:ap-south-1', targetRegion: AP, tried: [US] }),
    ]);

    s.wait(1).unreachable(AP);
    expect(s.state).toMatchObject({ status: 'VERIFYING' });
    expect(s.state.verification).toMatchObject({ targetRegion: null, tried: [US, AP], unavailableSince: iso(s.now) });
    expect(s.last.effects).toEqual([]);

    // A failure from the same round (its check started before) does not count as persisting.
    s.check(US, failingResult(US, s.now - 1000));
    expect(s.state.status).toBe('VERIFYING');
    expect(s.count('openIncident')).toBe(0);

    s.wait(59).check(EU, 'fail');
    expect(s.state).toMatchObject({ status: 'DOWN', openIncidentId: 'inc_ver-2' });
    expect(s.last.effects).toEqual([
      expect.objectContaining({
        type: 'openIncident',
        notify: true,
        incident: expect.objectContaining({ verification: 'unavailable', verifier: null, primary: expect.objectContaining({ region: EU }) }),
      }),
    ]);
  });

  it('goes back UP without an incident when a success comes instead', () => {
    const s = new Script();
    s.check(EU, 'fail');
    s.unreachable(US);
    s.unreachable(AP);
    s.wait(60).check(US, 'ok');
    expect(s.state).toMatchObject({ status: 'UP', verification: null, failures: { [EU]: 1 } });
    expect(s.count('openIncident')).toBe(0);
  });

  it('still accepts a late answer from a region that was thought unreachable', () => {
    const s = new Script();
    s.check(EU, 'fail');
    s.unreachable(US);
    s.unreachable(AP);
    s.verify(US, 'fail');
    expect(s.state.status).toBe('DOWN');
    expect(s.opened()[0]!.incident.verification).toBe('confirmed');
  });

  it('ignores a report about a region that is no longer the target', () => {
    const s = new Script();
    s.check(EU, 'fail');
    s.unreachable(US);
    const before = s.state;
    const decision = decide(before, s.monitor, { type: 'verifierUnreachable', verificationId: before.verification!.id, region: US, primary: failingResult(EU, T0) }, s.now);
    expect(decision.changed).toBe(false);
  });

  it('with a single region, marks the verification unavailable at once and opens on the next failing round', () => {
    const s = new Script({ regions: [EU] });
    s.check(EU, 'fail');
    expect(s.state).toMatchObject({ status: 'VERIFYING' });
    expect(s.state.verification).toMatchObject({ targetRegion: null, tried: [], unavailableSince: iso(s.now) });
    expect(s.last.effects).toEqual([]);
    s.wait(60).check(EU, 'fail');
    expect(s.state.status).toBe('DOWN');
    expect(s.opened()[0]!.incident).toMatchObject({ verification: 'unavailable', verifier: null });
  });
});

describe('stale verifications', () => {
  it('a verification nobody answered is replaced by the next failure after 2 x interval + timeout', () => {
    const s = new Script();
    expect(verificationStaleAfterMs(s.monitor)).toBe(130_000);
    s.check(EU, 'fail');
    s.wait(60).check(EU, 'fail');
    expect(s.state.verification!.id).toBe('ver-1');
    s.wait(60).check(EU, 'fail');
    expect(s.state.verification!.id).toBe('ver-1');
    s.wait(60).check(EU, 'fail');
    expect(s.state.verification).toMatchObject({ id: 'ver-4', fromRegion: EU, targetRegion: US, requestedAt: iso(s.now) });
    expect(s.types()).toEqual(['requestVerification']);
    s.verify(US, 'fail', 'ver-1');
    expect(s.state.status).toBe('VERIFYING');
    s.verify(US, 'fail', 'ver-4');
    expect(s.state.status).toBe('DOWN');
  });

  it('a stale verification gives way to a success', () => {
    const s = new Script();
    s.check(EU, 'fail');
    s.wait(60).check(US, 'ok');
    expect(s.state.status).toBe('VERIFYING');
    s.wait(80).check(US, 'ok');
    expect(s.state).toMatchObject({ status: 'UP', verification: null });
  });
});

describe('certificate warnings', () => {
  it('warns once at 30, 14 and 7 days, from whichever region sees the certificate', () => {
    const s = new Script();
    s.check(EU, 'ok');
    const warnings: number[] = [];
    for (const [daysLeft, region] of [
      [31, EU], [30, US], [30, EU], [29, AP], [15, EU], [14, EU], [13, US], [8, AP], [7, EU], [6, US], [1, EU],
    ] as const) {
      s.wait(86_400).check(region, passingResult(region, s.now, { tls: tlsFacts(daysLeft) }));
      const warning = s.last.effects.find((e) => e.type === 'certificateWarning');
      if (warning && warning.type === 'certificateWarning') warnings.push(warning.thresholdDays);
      if (daysLeft === 31) expect(s.last.changed).toBe(false);
      if (daysLeft === 30 && region === US) {
        expect(s.last.effects).toEqual([
          expect.objectContaining({ type: 'certificateWarning', id: 'certificate:mon-shop:AA:BB:CC:30', thresholdDays: 30, daysLeft: 30 }),
        ]);
        expect(s.state.certWarnings).toEqual({ fingerprint256: 'AA:BB:CC', sentDays: [30] });
      }
    }
    expect(warnings).toEqual([30, 14, 7]);
    expect(s.state.certWarnings).toEqual({ fingerprint256: 'AA:BB:CC', sentDays: [30, 14, 7] });
  });

  it('a certificate that failed verification (cause tls) sends no expiry warning; the same one verified does', () => {
    const s = new Script();
    s.check(EU, 'ok');
    const untrusted = { ...tlsFacts(29), chainVerified: false, verificationError: 'ERR_TLS_CERT_ALTNAME_INVALID' };
    s.wait(60).check(EU, passingResult(EU, s.now, { success: false, cause: 'tls', error: 'certificate does not match the host name', tls: untrusted }));
    expect(s.types()).not.toContain('certificateWarning');
    expect(s.state.certWarnings).toBeNull();
    s.wait(60).check(US, passingResult(US, s.now, { tls: tlsFacts(29) }));
    expect(s.last.effects).toEqual([expect.objectContaining({ type: 'certificateWarning', thresholdDays: 30 })]);
  });

  it('a renewed certificate starts over', () => {
    const s = new Script();
    s.check(EU, passingResult(EU, s.now, { tls: tlsFacts(10) }));
    expect(s.types()).toEqual(['certificateWarning']);
    s.wait(86_400).check(EU, passingResult(EU, s.now, { tls: tlsFacts(90, 'DD:EE:FF') }));
    expect(s.last.changed).toBe(false);
    s.wait(61 * 86_400).check(EU, passingResult(EU, s.now, { tls: tlsFacts(29, 'DD:EE:FF') }));
    expect(s.last.effects).toEqual([expect.objectContaining({ type: 'certificateWarning', thresholdDays: 30, fingerprint256: 'DD:EE:FF' })]);
  });

  it('defers warnings during maintenance and sends them once it ends', () => {
    const s = new Script({ maintenance: [{ start: iso(T0), end: iso(T0 + 3_600_000) }] });
    s.check(EU, passingResult(EU, s.now, { tls: tlsFacts(13) }));
    expect(s.last.effects).toEqual([]);
    expect(s.state.certWarnings).toBeNull();
    s.wait(3600).check(EU, passingResult(EU, s.now, { tls: tlsFacts(13) }));
    expect(s.last.effects).toEqual([expect.objectContaining({ type: 'certificateWarning', thresholdDays: 14 })]);
  });
});

describe('maintenance windows', () => {
  const window = { start: iso(T0 + 3_600_000), end: iso(T0 + 2 * 3_600_000) };

  it('an outage inside a window is recorded (state, incident) but not alerted, nor is its recovery', () => {
    const s = new Script({ maintenance: [window] });
    s.wait(3600 + 60).check(EU, 'fail');
    s.verify(US, 'fail');
    expect(s.state.status).toBe('DOWN');
    expect(s.opened()[0]).toMatchObject({ notify: false, incident: { status: 'open' } });
    // It recovers after the window ended: no RECOVERED for a DOWN that was never sent.
    s.wait(3600).check(EU, 'ok');
    s.check(US, 'ok');
    expect(s.last.effects).toEqual([expect.objectContaining({ type: 'resolveIncident', notify: false })]);
  });

  it('an outage alerted before a window still gets its RECOVERED inside it', () => {
    const s = new Script({ maintenance: [window] });
    s.wait(60).check(EU, 'fail');
    s.verify(US, 'fail');
    expect(s.opened()[0]!.notify).toBe(true);
    s.wait(3600).check(EU, 'ok');
    s.check(US, 'ok');
    expect(s.last.effects).toEqual([expect.objectContaining({ type: 'resolveIncident', notify: true })]);
  });

  it('weekly windows suppress the DOWN alert too', () => {
    // T0 is a Saturday, 10:00 UTC.
    const s = new Script({ maintenance: [{ days: ['sat'], at: '09:30', durationMinutes: 60 }] });
    s.check(EU, 'fail');
    s.verify(US, 'fail');
    expect(s.opened()[0]!.notify).toBe(false);
  });
});
