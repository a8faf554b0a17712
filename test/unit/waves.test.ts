import { describe, expect, it } from 'vitest';
import { clampDelaySeconds, MAX_DELAY_SECONDS, planChecks } from '../../functions/core/schedule.ts';
import { deliveryDelaySeconds, groupIntoWaves, waveDelaySeconds, waveEndSecond, waveSeconds } from '../../functions/core/waves.ts';
import { T0, makeMonitor } from '../helpers/fixtures.ts';

describe('waveSeconds', () => {
  it.each([
    [60, 20, 20],
    [60, 30, 30],
    [60, 7, 6],
    [60, 1, 1],
    [10, 20, 10],
    [15, 20, 15],
    [30, 20, 15],
    [20, 20, 20],
    [45, 20, 15],
    [25, 20, 5],
    [7, 20, 1],
    [90, 20, 15],
    [300, 20, 20],
    [3600, 20, 20],
  ])('a %i s interval with waves of at most %i s: %i s', (interval, max, expected) => {
    expect(waveSeconds(interval, max)).toBe(expected);
    expect(60 % expected).toBe(0);
    expect(interval % expected).toBe(0);
  });
});

describe('waveDelaySeconds', () => {
  const minute = 1_000_000_020; // an epoch second that starts a minute
  it('delivers at the end of the wave, never before the due second', () => {
    expect(waveEndSecond(minute, 20)).toBe(minute + 19);
    expect(waveEndSecond(minute + 39, 20)).toBe(minute + 39);
    expect(waveDelaySeconds(minute, 0, 20, minute * 1000)).toBe(19);
    expect(waveDelaySeconds(minute + 20, 20, 20, minute * 1000)).toBe(39);
    expect(waveDelaySeconds(minute + 25, 25, 20, minute * 1000)).toBe(39);
    expect(waveDelaySeconds(minute + 25, 25, 1, minute * 1000)).toBe(25);
  });

  it('sends a job planned late at once when its wave is over, and at its wave\'s end when it is not', () => {
    const late = (minute + 25) * 1000; // the tick ran 25 s into the minute
    expect(waveDelaySeconds(minute + 3, 0, 20, late)).toBe(0); // wave 0..19 is over
    expect(waveDelaySeconds(minute + 22, 0, 20, late)).toBe(14); // wave 20..39 ends at 39
    expect(waveDelaySeconds(minute + 45, 20, 20, late)).toBe(34);
  });

  it.each([10, 15, 20, 30, 45, 60, 90, 300, 25, 7])(
    'keeps a %i s monitor exactly one interval apart, delayed by less than its wave',
    (interval) => {
      const monitor = makeMonitor({ id: `m-${interval}`, intervalSeconds: interval, regions: ['eu-west-1'] });
      const w = waveSeconds(interval, 20);
      const delivered: number[] = [];
      for (let minute = 0; minute < 12; minute += 1) {
        const now = T0 + minute * 60_000;
        for (const { job, delaySeconds } of planChecks([monitor], now, ['eu-west-1'])) {
          const due = Date.parse(job.scheduledFor) / 1000;
          const at = now / 1000 + waveDelaySeconds(due, delaySeconds, w, now);
          expect(at - due).toBeGreaterThanOrEqual(0);
          expect(at - due).toBeLessThan(w);
          delivered.push(at);
        }
      }
      for (let i = 1; i < delivered.length; i += 1) expect(delivered[i]! - delivered[i - 1]!).toBe(interval);
    },
  );

  it('gathers the 60 s monitors of a minute into 60 / w delivery times', () => {
    const monitors = Array.from({ length: 200 }, (_, i) => makeMonitor({ id: `mon-${i}`, regions: ['eu-west-1'] }));
    const delays = new Set(planChecks(monitors, T0, ['eu-west-1']).map(({ job, delaySeconds }) => waveDelaySeconds(Date.parse(job.scheduledFor) / 1000, delaySeconds, 20, T0)));
    expect([...delays].sort((a, b) => a - b)).toEqual([19, 39, 59]);
  });
});

describe('clampDelaySeconds', () => {
  it.each([
    [0, 0],
    [12.4, 12],
    [12.5, 13],
    [-3, 0],
    [900, 900],
    [901, MAX_DELAY_SECONDS],
    [Number.NaN, 0],
    [Number.POSITIVE_INFINITY, 0],
  ])('%d s -> %i s', (seconds, expected) => {
    expect(clampDelaySeconds(seconds)).toBe(expected);
  });
});

describe('groupIntoWaves', () => {
  const minute = Date.parse('2026-11-21T10:00:00.000Z');
  const planned = (id: string, region: string, second: number, delaySeconds = second, intervalSeconds = 60) => ({
    job: { jobId: id, monitor: makeMonitor({ id, intervalSeconds }), region, scheduledFor: new Date(minute + second * 1000).toISOString() },
    delaySeconds,
  });

  it('puts the jobs of one region delivered at the same second together, at the end of their wave', () => {
    const jobs = [planned('a', 'eu-west-1', 3), planned('b', 'us-east-1', 5), planned('c', 'eu-west-1', 18), planned('d', 'eu-west-1', 21)];
    const waves = groupIntoWaves(jobs, 20, minute);
    expect(waves.map((w) => [w.region, w.delaySeconds, w.jobs.map((p) => p.job.jobId)])).toEqual([
      ['eu-west-1', 19, ['a', 'c']],
      ['us-east-1', 19, ['b']],
      ['eu-west-1', 39, ['d']],
    ]);
  });

  it('with waves of 1 s, delivers each job as planned', () => {
    const jobs = [planned('a', 'eu-west-1', 3), planned('c', 'eu-west-1', 3), planned('d', 'eu-west-1', 21)];
    expect(groupIntoWaves(jobs, 1, minute).map((w) => [w.delaySeconds, w.jobs.length])).toEqual([
      [3, 2],
      [21, 1],
    ]);
  });

  it('never delivers later than the longest delay, nor before now', () => {
    expect(deliveryDelaySeconds(planned('late', 'eu-west-1', 2000, 2000), 20, minute)).toBe(MAX_DELAY_SECONDS);
    expect(deliveryDelaySeconds(planned('past', 'eu-west-1', -30, -30), 20, minute)).toBe(0);
  });
});
