/**
 * Quorum, scripted step by step (3 and 5 locations, agents among them, joining and
 * leaving): after each result or answer, the status, who is asked next and what opened.
 * Rules in functions/core/quorum.ts; networks in functions/core/locations.ts.
 */
import { describe, expect, it } from 'vitest';
import { sharedNetwork } from '../../functions/core/locations.ts';
import type { HttpMonitor } from '../../functions/core/monitor.ts';
import { failingNeeded, quorumVerdict, recoveryReached, VerificationPolicySchema } from '../../functions/core/quorum.ts';
import type { Effect, OpenIncidentEffect, RecordAnomalyEffect, RequestVerificationEffect } from '../../functions/core/state-machine-effects.ts';
import { decide, verificationCandidates, type MachineMonitor } from '../../functions/core/state-machine.ts';
import { initialState, type MonitorState } from '../../functions/core/state.ts';
import { T0, failingResult, iso, makeMonitor, passingResult } from '../helpers/fixtures.ts';

const LOCAL = ['local-a', 'local-b'];

class Script {
  state: MonitorState;
  now = T0;
  readonly effects: Effect[] = [];
  readonly monitor: MachineMonitor;
  private ids = 0;

  constructor(regions: string[], overrides: Partial<HttpMonitor> = {}, networks = sharedNetwork(LOCAL)) {
    this.monitor = { ...makeMonitor({ regions, ...overrides }), networks };
    this.state = initialState(this.monitor.id, iso(T0));
    this.check(regions[0]!, 'ok');
  }

  check(region: string, outcome: 'ok' | 'fail'): this {
    const result = outcome === 'ok' ? passingResult(region, this.now) : failingResult(region, this.now);
    this.now += 1000;
    return this.apply({ type: 'check', region, result, verificationId: `ver-${++this.ids}` });
  }

  answer(region: string, outcome: 'ok' | 'fail'): this {
    const verification = this.state.verification!;
    const result = outcome === 'ok' ? passingResult(region, this.now) : failingResult(region, this.now);
    return this.apply({ type: 'verified', verificationId: verification.id, region, result, primary: failingResult(verification.fromRegion, this.now) });
  }

  unreachable(): this {
    const verification = this.state.verification!;
    return this.apply({ type: 'verifierUnreachable', verificationId: verification.id, region: verification.targetRegion!, primary: failingResult(verification.fromRegion, this.now) });
  }

  /** The location asked now. */
  asked(): string | null {
    return this.state.verification?.targetRegion ?? null;
  }

  opened(): OpenIncidentEffect[] {
    return this.effects.filter((e): e is OpenIncidentEffect => e.type === 'openIncident');
  }

  anomalies(): RecordAnomalyEffect[] {
    return this.effects.filter((e): e is RecordAnomalyEffect => e.type === 'recordAnomaly');
  }

  requests(): string[] {
    return this.effects.filter((e): e is RequestVerificationEffect => e.type === 'requestVerification').map((e) => e.targetRegion);
  }

  private apply(input: Parameters<typeof decide>[2]): this {
    const decision = decide(structuredClone(this.state), this.monitor, input, this.now);
    if (decision.changed) this.state = { ...decision.next, version: this.state.version + 1 };
    this.effects.push(...decision.effects);
    return this;
  }
}

describe('the rules', () => {
  it.each([
    [undefined, 3, 2],
    [{ confirmations: 2 }, 5, 3],
    ['majority' as const, 3, 2],
    ['majority' as const, 4, 3],
    ['majority' as const, 5, 3],
    ['majority' as const, 2, 2],
  ])('policy %j with %i reachable locations needs %i failing', (policy, reachable, needed) => {
    expect(failingNeeded(policy, reachable)).toBe(needed);
  });

  it.each([
    [undefined, { total: 3, unreachable: 0, remaining: 1 }, ['refuted'], 'refuted'],
    [undefined, { total: 3, unreachable: 0, remaining: 1 }, ['confirmed'], 'confirmed'],
    [{ confirmations: 2 }, { total: 3, unreachable: 0, remaining: 1 }, ['confirmed'], 'undecided'],
    [{ confirmations: 2 }, { total: 3, unreachable: 0, remaining: 0 }, ['confirmed', 'refuted'], 'refuted'],
    ['majority', { total: 5, unreachable: 0, remaining: 2 }, ['refuted', 'confirmed'], 'undecided'],
    ['majority', { total: 5, unreachable: 0, remaining: 1 }, ['refuted', 'refuted'], 'refuted'],
    ['majority', { total: 5, unreachable: 2, remaining: 0 }, ['confirmed'], 'confirmed'],
  ] as const)('%j %j after %j: %s', (policy, counts, outcomes, verdict) => {
    expect(quorumVerdict(policy, counts, outcomes.map((outcome) => ({ outcome })))).toBe(verdict);
  });

  it('recovery: with a policy, distinct passing locations too', () => {
    expect(recoveryReached(undefined, 2, 2, 1, 5)).toBe(true);
    expect(recoveryReached('majority', 2, 2, 2, 5)).toBe(false);
    expect(recoveryReached('majority', 3, 2, 3, 5)).toBe(true);
    expect(recoveryReached({ confirmations: 2 }, 5, 2, 2, 3)).toBe(false);
  });

  it('refuses a policy that is neither, naming what is allowed', () => {
    expect(VerificationPolicySchema.safeParse({ confirmations: 0 }).success).toBe(false);
    expect(VerificationPolicySchema.safeParse('most').error?.issues[0]?.message).toBe('must be {"confirmations": n} or "majority"');
  });

  it('prefers a location on another network, keeping the order otherwise', () => {
    const networks = sharedNetwork(LOCAL);
    expect(verificationCandidates(['local-a', 'local-b', 'pi'], 'local-a', [], networks)).toEqual(['pi', 'local-b']);
    expect(verificationCandidates(['local-a', 'local-b', 'pi'], 'pi', [], networks)).toEqual(['local-a', 'local-b']);
    expect(verificationCandidates(['local-a', 'local-b', 'pi'], 'local-a', [])).toEqual(['local-b', 'pi']);
  });
});

describe('3 locations: two logical regions and an agent', () => {
  const regions = ['local-a', 'local-b', 'pi'];

  it('default policy: a failure on the local network is asked of the agent, which refutes it: an anomaly', () => {
    const s = new Script(regions).check('local-a', 'fail');
    expect(s.state.status).toBe('VERIFYING');
    expect(s.asked()).toBe('pi');
    s.answer('pi', 'ok');
    expect(s.state.status).toBe('UP');
    expect(s.anomalies()).toHaveLength(1);
    expect(s.opened()).toEqual([]);
  });

  it('the agent left (unreachable): the other logical region is asked, as ARCHITECTURE section 4 says', () => {
    const s = new Script(regions).check('local-a', 'fail').unreachable();
    expect(s.asked()).toBe('local-b');
    s.answer('local-b', 'fail');
    expect(s.state.status).toBe('DOWN');
    expect(s.opened()[0]!.incident.verifier?.region).toBe('local-b');
  });

  it('majority: two of three failing open the incident, every answer in its evidence', () => {
    const s = new Script(regions, { verification: 'majority' }).check('pi', 'fail');
    expect(s.asked()).toBe('local-a');
    s.answer('local-a', 'fail');
    expect(s.state.status).toBe('DOWN');
    expect(s.opened()).toHaveLength(1);
    expect(s.opened()[0]!.incident.answers).toBeUndefined(); // one answer decided it
  });

  it('majority: the agent refutes, the other region confirms: 2 of 3 failing is a majority', () => {
    const s = new Script(regions, { verification: 'majority' }).check('local-a', 'fail').answer('pi', 'ok');
    expect(s.state.status).toBe('VERIFYING');
    expect(s.asked()).toBe('local-b');
    s.answer('local-b', 'fail');
    expect(s.state.status).toBe('DOWN');
    expect(s.opened()[0]!.incident.answers?.map((a) => [a.region, a.outcome])).toEqual([
      ['pi', 'refuted'],
      ['local-b', 'confirmed'],
    ]);
  });

  it('confirmations 2: both others must confirm; one refusal refutes', () => {
    const s = new Script(regions, { verification: { confirmations: 2 } }).check('local-a', 'fail').answer('pi', 'fail');
    expect(s.state.status).toBe('VERIFYING');
    s.answer('local-b', 'ok');
    expect(s.state.status).toBe('UP');
    expect(s.anomalies()[0]!.anomaly.answers).toHaveLength(2);
    expect(s.opened()).toEqual([]);
  });

  it('a duplicate answer from a location that answered already changes nothing', () => {
    const s = new Script(regions, { verification: 'majority' }).check('local-a', 'fail').answer('pi', 'ok');
    const before = s.state;
    s.answer('pi', 'fail');
    expect(s.state).toBe(before);
  });

  it('majority recovery: two distinct locations must pass, not one twice', () => {
    const s = new Script(regions, { verification: 'majority' }).check('pi', 'fail').answer('local-a', 'fail');
    s.check('pi', 'ok').check('pi', 'ok');
    expect(s.state.status).toBe('DOWN');
    s.check('local-b', 'ok');
    expect(s.state.status).toBe('UP');
    expect(s.state.passing).toBeUndefined();
    expect(s.effects.filter((e) => e.type === 'resolveIncident')).toHaveLength(1);
  });
});

describe('5 locations: two logical regions and three agents joining and leaving', () => {
  const regions = ['local-a', 'local-b', 'pi', 'vps', 'office'];

  it('majority of 5: three failing open it; the agents are asked before the other logical region', () => {
    const s = new Script(regions, { verification: 'majority' }).check('local-a', 'fail');
    expect(s.asked()).toBe('pi');
    s.answer('pi', 'fail');
    expect(s.asked()).toBe('vps');
    s.answer('vps', 'fail');
    expect(s.state.status).toBe('DOWN');
    expect(s.requests()).toEqual(['pi', 'vps']);
    expect(s.opened()[0]!.incident.answers?.map((a) => a.region)).toEqual(['pi', 'vps']);
  });

  it('majority of 5: refuted once the rest can no longer make three', () => {
    const s = new Script(regions, { verification: 'majority' }).check('local-a', 'fail').answer('pi', 'ok').answer('vps', 'ok');
    expect(s.state.status).toBe('VERIFYING'); // 1 failing + 2 not asked could still be 3
    s.answer('office', 'ok');
    expect(s.state.status).toBe('UP');
    expect(s.anomalies()).toHaveLength(1);
    expect(s.opened()).toEqual([]);
  });

  it('two agents leave mid-verification: the majority is of the three reachable, never a missed outage', () => {
    const s = new Script(regions, { verification: 'majority' }).check('local-a', 'fail');
    s.unreachable(); // pi gone
    expect(s.asked()).toBe('vps');
    s.unreachable(); // vps gone
    expect(s.asked()).toBe('office');
    s.answer('office', 'fail'); // 2 of 3 reachable
    expect(s.state.status).toBe('DOWN');
    expect(s.state.verification).toBeNull();
  });

  it('an agent leaving shrinks the count: 2 failing of 4 reachable is no majority yet, 3 of 4 is', () => {
    const s = new Script(regions, { verification: 'majority' }).check('local-a', 'fail').answer('pi', 'fail').answer('vps', 'ok');
    expect(s.asked()).toBe('office');
    s.unreachable(); // office gone: 4 reachable, 2 failing, local-b left
    expect(s.asked()).toBe('local-b');
    s.answer('local-b', 'fail'); // 3 of 4
    expect(s.state.status).toBe('DOWN');
  });

  it('only an agent\'s network failing never opens an incident', () => {
    const s = new Script(regions, { verification: 'majority' }).check('office', 'fail');
    expect(s.asked()).toBe('local-a');
    s.answer('local-a', 'ok').answer('pi', 'ok').answer('vps', 'ok');
    expect(s.state.status).toBe('UP');
    expect(s.opened()).toEqual([]);
  });

  it('an agent joining (listed in regions) counts from the next verification on', () => {
    const three = new Script(['local-a', 'local-b', 'pi'], { verification: 'majority' }).check('local-a', 'fail').answer('pi', 'fail');
    expect(three.state.status).toBe('DOWN');
    const five = new Script(regions, { verification: 'majority' }).check('local-a', 'fail').answer('pi', 'fail');
    expect(five.state.status).toBe('VERIFYING');
  });
});
