/** The state machine's `stop` and `resume` inputs, step by step (pausing and deleting a monitor). */
import { describe, expect, it } from 'vitest';
import { decide } from '../../functions/core/state-machine.ts';
import { initialState, type MonitorState } from '../../functions/core/state.ts';
import { T0, failingResult, iso, makeMonitor, passingResult } from '../helpers/fixtures.ts';

const EU = 'eu-west-1';
const US = 'us-east-1';
const monitor = { ...makeMonitor(), regions: [EU, US] };
const down: MonitorState = {
  ...initialState(monitor.id, iso(T0)),
  status: 'DOWN',
  since: iso(T0 + 60_000),
  openIncidentId: 'inc_v1',
  failures: { [EU]: 1 },
};

describe('stop', () => {
  it.each([
    ['paused', 'monitor paused'],
    ['deleted', 'monitor deleted'],
  ] as const)('%s while DOWN: PENDING and stopped, the incident resolves with the reason and no alert', (reason, text) => {
    const d = decide(down, monitor, { type: 'stop', reason }, T0 + 120_000);
    expect(d.changed).toBe(true);
    expect(d.next).toMatchObject({ status: 'PENDING', since: iso(T0 + 120_000), openIncidentId: null, failures: {}, verification: null, stopped: { reason, at: iso(T0 + 120_000) } });
    expect(d.effects).toEqual([{ type: 'resolveIncident', id: 'resolve:inc_v1', incidentId: 'inc_v1', resolvedAt: iso(T0 + 120_000), notify: false, reason: text }]);
  });

  it('stopping twice changes nothing; a deleted monitor is not paused or resumed again', () => {
    const paused = decide(down, monitor, { type: 'stop', reason: 'paused' }, T0).next;
    expect(decide(paused, monitor, { type: 'stop', reason: 'paused' }, T0 + 1).changed).toBe(false);
    const deleted = decide(paused, monitor, { type: 'stop', reason: 'deleted' }, T0 + 2);
    expect(deleted).toMatchObject({ changed: true, effects: [], next: { stopped: { reason: 'deleted' } } });
    expect(decide(deleted.next, monitor, { type: 'stop', reason: 'paused' }, T0 + 3).changed).toBe(false);
    expect(decide(deleted.next, monitor, { type: 'resume' }, T0 + 3).changed).toBe(false);
  });

  it('while stopped, checks and verifier answers change nothing', () => {
    const stopped = decide(initialState(monitor.id, iso(T0)), monitor, { type: 'stop', reason: 'paused' }, T0).next;
    expect(decide(stopped, monitor, { type: 'check', region: EU, result: failingResult(EU, T0), verificationId: 'v2' }, T0).changed).toBe(false);
    expect(decide(stopped, monitor, { type: 'check', region: EU, result: passingResult(EU, T0), verificationId: 'v2' }, T0).changed).toBe(false);
    expect(decide(stopped, monitor, { type: 'verified', verificationId: 'v1', region: US, result: failingResult(US, T0), primary: failingResult(EU, T0) }, T0).changed).toBe(false);
    expect(decide(stopped, monitor, { type: 'verifierUnreachable', verificationId: 'v1', region: US, primary: failingResult(EU, T0) }, T0).changed).toBe(false);
  });

  it('resume starts a paused monitor over from PENDING; a monitor that is not stopped is left alone', () => {
    const paused = decide(down, monitor, { type: 'stop', reason: 'paused' }, T0).next;
    const resumed = decide(paused, monitor, { type: 'resume' }, T0 + 5_000);
    expect(resumed.changed).toBe(true);
    expect(resumed.next).toMatchObject({ status: 'PENDING', since: iso(T0 + 5_000) });
    expect(resumed.next).not.toHaveProperty('stopped');
    expect(decide(down, monitor, { type: 'resume' }, T0).changed).toBe(false);
  });
});
