import { describe, expect, it } from 'vitest';
import { planChecks } from '../../functions/core/schedule.ts';
import { waveDelaySeconds, waveSeconds } from '../../functions/core/waves.ts';
import { T0, makeMonitor } from '../helpers/service-fixtures.ts';

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
  it('delivers at the end of the wave, never before the due second', () => {
    expect(waveDelaySeconds(1_000_000_020, 0, 20)).toBe(19);
    expect(waveDelaySeconds(1_000_000_039, 19, 20)).toBe(19);
    expect(waveDelaySeconds(1_000_000_045, 25, 20)).toBe(39);
    expect(waveDelaySeconds(1_000_000_045, 25, 1)).toBe(25);
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
          const at = now / 1000 + waveDelaySeconds(due, delaySeconds, w);
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
    const delays = new Set(planChecks(monitors, T0, ['eu-west-1']).map(({ job, delaySeconds }) => waveDelaySeconds(Date.parse(job.scheduledFor) / 1000, delaySeconds, 20)));
    expect([...delays].sort((a, b) => a - b)).toEqual([19, 39, 59]);
  });
});
