/**
 * The false-alarm simulation of `npm run bench`, small: the real services on a seeded
 * trace of one-region blips and all-region outages must open an incident for every
 * outage, in the round it begins, and for nothing else. The naive alerter on the same
 * trace shows that the trace does contain the blips that would fool it.
 */
import { describe, expect, it } from 'vitest';
import { crossCheck, FIVE_LOCATIONS, naive } from '../../bench/false-alarms.ts';
import { makeTrace } from '../../bench/trace.ts';

describe('false-alarm simulation', () => {
  const trace = makeTrace({
    seed: 7,
    monitors: 12,
    rounds: 150,
    regions: 2,
    transientRate: 0.05,
    outageStartRate: 0.004,
    outageMinRounds: 1,
    outageMaxRounds: 8,
  });

  it('the trace holds both kinds of failure', () => {
    expect(trace.outages.length).toBeGreaterThan(3);
    expect(trace.transientChecks).toBeGreaterThan(100);
  });

  it('CrossCheck: no false incident, no missed outage, detected in the round the outage begins', async () => {
    const ours = await crossCheck(trace);
    expect(ours.falseIncidents).toBe(0);
    expect(ours.missedOutages).toBe(0);
    expect(ours.incidents).toBe(trace.outages.length);
    expect(ours.downAlerts).toBe(trace.outages.length);
    expect(ours.maxDelayRounds).toBe(0);
    expect(ours.anomalies).toBe(trace.transientChecks);
  });

  it('the naive alerter is fooled by the same blips', () => {
    const theirs = naive(trace);
    expect(theirs.missedOutages).toBe(0);
    expect(theirs.falseIncidents).toBeGreaterThan(50);
  });
});

describe('false-alarm simulation, 5 locations with majority (issue 10)', () => {
  const trace = makeTrace({ seed: 11, monitors: 8, rounds: 150, regions: 5, transientRate: 0.05, outageStartRate: 0.004, outageMinRounds: 1, outageMaxRounds: 8 });

  it('no false incident, no missed outage, also while an agent is away', async () => {
    const setup = { ...FIVE_LOCATIONS, away: { region: 'agent-c', from: 40, to: 90 } };
    const ours = await crossCheck(trace, setup);
    expect(trace.outages.length).toBeGreaterThan(2);
    expect(trace.outages.some((o) => o.start < 90 && o.end > 40)).toBe(true);
    expect(ours.falseIncidents).toBe(0);
    expect(ours.missedOutages).toBe(0);
    expect(ours.incidents).toBe(trace.outages.length);
    expect(ours.maxDelayRounds).toBe(0);
    expect(naive(trace, 5).falseIncidents).toBeGreaterThan(0);
  });
});
