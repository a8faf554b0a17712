import { describe, expect, it } from 'vitest';
import { MAX_DELAY_SECONDS, monitorRegions, phaseSeconds, planChecks, stableHash } from '../../functions/core/schedule.ts';
import { T0, makeMonitor } from '../helpers/fixtures.ts';

const MINUTE = 60_000;
const CONFIGURED = ['eu-west-1', 'us-east-1'];

/** Every due time (epoch ms) of one monitor over `minutes` ticks at the start of each minute. */
function dueTimes(intervalSeconds: number, minutes: number, id = 'mon-a'): number[] {
  const monitor = makeMonitor({ id, intervalSeconds, regions: ['eu-west-1'] });
  const times: number[] = [];
  for (let m = 0; m < minutes; m++) {
    for (const planned of planChecks([monitor], T0 + m * MINUTE, CONFIGURED)) times.push(Date.parse(planned.job.scheduledFor));
  }
  return times;
}

describe('planChecks', () => {
  it.each([
    [10, 6],
    [15, 4],
    [20, 3],
    [30, 2],
    [60, 1],
  ])('runs a %i s monitor %i times a minute, evenly spaced from a stable phase', (interval, perMinute) => {
    const monitor = makeMonitor({ id: 'mon-sub', intervalSeconds: interval, regions: ['eu-west-1'] });
    const phase = phaseSeconds(monitor.id, interval);
    for (let m = 0; m < 3; m++) {
      const jobs = planChecks([monitor], T0 + m * MINUTE, CONFIGURED);
      expect(jobs.map((j) => j.delaySeconds)).toEqual(Array.from({ length: perMinute }, (_, k) => phase + k * interval));
    }
  });

  it.each([10, 15, 20, 25, 30, 45, 60, 90, 120, 300, 420, 3600])(
    'keeps a %i s monitor exactly one interval apart across minute boundaries',
    (interval) => {
      const minutes = Math.max(3, (3 * interval) / 60 + 1);
      const times = dueTimes(interval, minutes);
      expect(times.length).toBeGreaterThanOrEqual(Math.floor((minutes * 60) / interval) - 1);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(interval * 1000);
    },
  );

  it('runs a 300 s monitor in one minute out of five, at the same second', () => {
    const times = dueTimes(300, 30, 'mon-slow');
    expect(times).toHaveLength(6);
    expect(new Set(times.map((t) => (t / 1000) % 60)).size).toBe(1);
  });

  it('spreads 60 s monitors across the minute, each at a stable second', () => {
    const monitors = Array.from({ length: 600 }, (_, i) => makeMonitor({ id: `mon-${i}`, regions: ['eu-west-1'] }));
    const first = planChecks(monitors, T0, CONFIGURED);
    const second = planChecks(monitors, T0 + MINUTE, CONFIGURED);
    expect(first).toHaveLength(600);
    expect(second.map((j) => j.delaySeconds)).toEqual(first.map((j) => j.delaySeconds));
    const perSecond = new Map<number, number>();
    for (const { delaySeconds } of first) perSecond.set(delaySeconds, (perSecond.get(delaySeconds) ?? 0) + 1);
    expect(perSecond.size).toBe(60);
    // 10 a second on average; a hash that clumps would put far more in some second.
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(25);
  });

  it('makes one job per region: the monitor\'s own regions, or every configured one', () => {
    const own = makeMonitor({ id: 'mon-own', regions: ['ap-south-1', 'eu-west-1', 'us-east-1'] });
    const all = makeMonitor({ id: 'mon-all', regions: [] });
    const jobs = planChecks([own, all], T0, CONFIGURED);
    expect(jobs.filter((j) => j.job.monitor.id === 'mon-own').map((j) => j.job.region)).toEqual(['ap-south-1', 'eu-west-1', 'us-east-1']);
    expect(jobs.filter((j) => j.job.monitor.id === 'mon-all').map((j) => j.job.region)).toEqual(CONFIGURED);
    expect(monitorRegions(all, CONFIGURED)).toEqual(CONFIGURED);
  });

  it('skips paused monitors', () => {
    const jobs = planChecks([makeMonitor({ id: 'on' }), makeMonitor({ id: 'off', paused: true })], T0, CONFIGURED);
    expect(new Set(jobs.map((j) => j.job.monitor.id))).toEqual(new Set(['on']));
  });

  it('sends checks whose second already passed at once when the tick is late, never early', () => {
    const monitor = makeMonitor({ id: 'mon-late', intervalSeconds: 10, regions: ['eu-west-1'] });
    const phase = phaseSeconds(monitor.id, 10);
    const now = T0 + (phase + 12.5) * 1000; // two of the minute's six checks are overdue
    const jobs = planChecks([monitor], now, CONFIGURED);
    expect(jobs).toHaveLength(6);
    for (const { job, delaySeconds } of jobs) {
      const due = Date.parse(job.scheduledFor);
      expect(delaySeconds).toBe(Math.max(0, Math.ceil((due - now) / 1000)));
      if (due >= now) expect(now + delaySeconds * 1000).toBeGreaterThanOrEqual(due);
      expect(delaySeconds).toBeLessThanOrEqual(MAX_DELAY_SECONDS);
    }
    expect(jobs.filter((j) => j.delaySeconds === 0)).toHaveLength(2);
  });

  it('gives jobs deterministic, unique ids naming monitor, region and due second', () => {
    const monitors = [makeMonitor({ id: 'a', intervalSeconds: 15 }), makeMonitor({ id: 'b' })];
    const jobs = planChecks(monitors, T0, CONFIGURED);
    const again = planChecks(monitors, T0 + 5000, CONFIGURED);
    expect(again.map((j) => j.job.jobId)).toEqual(jobs.map((j) => j.job.jobId));
    expect(new Set(jobs.map((j) => j.job.jobId)).size).toBe(jobs.length);
    const { job } = jobs[0]!;
    expect(job.jobId).toBe(`a:${job.region}:${Date.parse(job.scheduledFor) / 1000}`);
  });

  it('carries the monitor definition in the job, so checking needs no read', () => {
    const monitor = makeMonitor();
    expect(planChecks([monitor], T0, CONFIGURED)[0]!.job.monitor).toBe(monitor);
  });
});

describe('stableHash', () => {
  it('is FNV-1a: known values, and the same for the same id', () => {
    expect(stableHash('')).toBe(0x811c9dc5);
    expect(stableHash('a')).toBe(0xe40c292c);
    expect(stableHash('foobar')).toBe(0xbf9cf968);
    expect(phaseSeconds('mon-x', 60)).toBe(stableHash('mon-x') % 60);
  });
});
