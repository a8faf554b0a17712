/**
 * `since` of an UP monitor survives refuted one-location failures: the dashboard said
 * "Up for 1 s, since 13:49" for a monitor up since 13:46, because every refuted
 * verification moved it UP -> VERIFYING -> UP and each move reset `since`.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../functions/core/state-machine.ts';
import { initialState, type MonitorState } from '../../functions/core/state.ts';
import type { MachineInput } from '../../functions/core/state-machine.ts';
import { T0, failingResult, iso, makeMonitor, passingResult } from '../helpers/fixtures.ts';

const A = 'local-a';
const B = 'local-b';
const monitor = makeMonitor({ regions: [A, B] });

function step(state: MonitorState, input: MachineInput, now: number): MonitorState {
  const decision = decide(state, monitor, input, now);
  return decision.changed ? { ...decision.next, version: state.version + 1 } : state;
}

describe('since across a refuted failure', () => {
  it('stays the time UP began after each refutation, while VERIFYING shows when the verification began', () => {
    let state = initialState(monitor.id, iso(T0));
    state = step(state, { type: 'check', region: A, result: passingResult(A, T0), verificationId: 'v0' }, T0);
    const upSince = state.since;
    expect(state.status).toBe('UP');
    for (let round = 1; round <= 3; round++) {
      const at = T0 + round * 60_000;
      state = step(state, { type: 'check', region: A, result: failingResult(A, at), verificationId: `v${round}` }, at);
      expect(state).toMatchObject({ status: 'VERIFYING', since: iso(at) });
      state = step(state, { type: 'verified', verificationId: `v${round}`, region: B, result: passingResult(B, at + 1000), primary: failingResult(A, at) }, at + 1000);
      expect(state).toMatchObject({ status: 'UP', since: upSince });
    }
  });

  it('stays the time UP began when a success ends a verification that cannot answer', () => {
    let state = initialState(monitor.id, iso(T0));
    state = step(state, { type: 'check', region: A, result: passingResult(A, T0), verificationId: 'v0' }, T0);
    const upSince = state.since;
    state = step(state, { type: 'check', region: A, result: failingResult(A, T0 + 60_000), verificationId: 'v1' }, T0 + 60_000);
    state = step(state, { type: 'verifierUnreachable', verificationId: 'v1', region: B, primary: failingResult(A, T0 + 60_000) }, T0 + 61_000);
    expect(state.verification?.unavailableSince).not.toBeNull();
    state = step(state, { type: 'check', region: B, result: passingResult(B, T0 + 62_000), verificationId: 'v2' }, T0 + 62_000);
    expect(state).toMatchObject({ status: 'UP', since: upSince });
  });

  it('starts anew when the verification began in PENDING, and when an incident came between', () => {
    let state = initialState(monitor.id, iso(T0));
    state = step(state, { type: 'check', region: A, result: failingResult(A, T0), verificationId: 'v1' }, T0);
    state = step(state, { type: 'verified', verificationId: 'v1', region: B, result: passingResult(B, T0 + 1000), primary: failingResult(A, T0) }, T0 + 1000);
    expect(state).toMatchObject({ status: 'UP', since: iso(T0 + 1000) });
    state = step(state, { type: 'check', region: A, result: failingResult(A, T0 + 60_000), verificationId: 'v2' }, T0 + 60_000);
    state = step(state, { type: 'verified', verificationId: 'v2', region: B, result: failingResult(B, T0 + 61_000), primary: failingResult(A, T0 + 60_000) }, T0 + 61_000);
    expect(state.status).toBe('DOWN');
    for (const [i, region] of [A, B].entries()) {
      state = step(state, { type: 'check', region, result: passingResult(region, T0 + 120_000 + i), verificationId: `r${i}` }, T0 + 120_000 + i);
    }
    expect(state).toMatchObject({ status: 'UP', since: iso(T0 + 120_001) });
  });
});
