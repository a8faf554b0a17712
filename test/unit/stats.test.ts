import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../functions/core/latency.ts';
import type { Rollup } from '../../functions/core/rollup.ts';
import { dailyUptime, DAY_MS, HOUR_MS, hourlyLatency, incidentFigures, totals, totalsByRegion, uptimes, uptimeWindow, windowHours } from '../../functions/core/stats.ts';
import { downtimeOf } from '../../functions/core/uptime.ts';

const NOW = Date.parse('2026-11-21T12:34:56Z');
const THIS_HOUR = Date.parse('2026-11-21T12:00:00Z');

function rollup(region: string, hour: number, checks: number, failures: number, latencies: number[], anomalies = 0): Rollup {
  const histogram: Record<number, number> = {};
  for (const ms of latencies) histogram[bucketOf(ms)] = (histogram[bucketOf(ms)] ?? 0) + 1;
  return { monitorId: 'm1', region, hour, checks, failures, anomalies, latencySumMs: latencies.reduce((a, b) => a + b, 0), histogram };
}

describe('windowHours', () => {
  it.each([
    ['24h', 24],
    ['7d', 168],
    ['30d', 720],
    ['90d', 2160],
  ] as const)('%s covers %i hours ending with the current hour', (window, hours) => {
    const { fromHour, toHour } = windowHours(window, NOW);
    expect(toHour).toBe(THIS_HOUR + HOUR_MS);
    expect((toHour - fromHour) / HOUR_MS).toBe(hours);
  });
});

describe('totals', () => {
  it('is empty and null-valued without rollups', () => {
    expect(totals([])).toEqual({ checks: 0, failures: 0, anomalies: 0, checkSuccessRatio: null, latency: { p50: null, p95: null, p99: null, mean: null } });
  });

  it('adds counters and merges histograms across hours and regions', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 ms
    const result = totals([
      rollup('a', THIS_HOUR, 50, 1, latencies.slice(0, 50), 1),
      rollup('b', THIS_HOUR - HOUR_MS, 50, 3, latencies.slice(50)),
    ]);
    expect(result.checks).toBe(100);
    expect(result.failures).toBe(4);
    expect(result.anomalies).toBe(1);
    expect(result.checkSuccessRatio).toBeCloseTo(0.96);
    expect(result.latency.mean).toBeCloseTo(50.5);
    // Bucketed percentiles are within one bucket (20%) of the exact ones.
    expect(result.latency.p50!).toBeGreaterThan(50 / 1.2);
    expect(result.latency.p50!).toBeLessThan(50 * 1.2);
    expect(result.latency.p95!).toBeGreaterThan(95 / 1.2);
    expect(result.latency.p99!).toBeLessThan(99 * 1.2);
    expect(result.latency.p50!).toBeLessThan(result.latency.p95!);
  });

  it('splits by region, in name order', () => {
    const byRegion = totalsByRegion([rollup('b', THIS_HOUR, 4, 4, [1, 1, 1, 1]), rollup('a', THIS_HOUR, 2, 0, [5, 5])]);
    expect(byRegion.map((r) => [r.region, r.checks, r.checkSuccessRatio])).toEqual([
      ['a', 2, 1],
      ['b', 4, 0],
    ]);
  });
});

describe('incidentFigures', () => {
  const from = NOW - DAY_MS;
  const to = NOW;
  const at = (offsetMinutes: number) => new Date(from + offsetMinutes * 60_000).toISOString();

  it.each([
    ['none', [], { incidents: 0, mttrSeconds: null }],
    ['one resolved inside', [{ openedAt: at(60), resolvedAt: at(70) }], { incidents: 1, mttrSeconds: 600 }],
    ['two resolved inside: MTTR is the mean', [{ openedAt: at(60), resolvedAt: at(70) }, { openedAt: at(100), resolvedAt: at(130) }], { incidents: 2, mttrSeconds: 1200 }],
    ['opened before the window: full repair time', [{ openedAt: at(-30), resolvedAt: at(30) }], { incidents: 1, mttrSeconds: 3600 }],
    ['still open: counted, no MTTR', [{ openedAt: at(24 * 60 - 5), resolvedAt: null }], { incidents: 1, mttrSeconds: null }],
    ['resolved right at the end (now)', [{ openedAt: at(24 * 60 - 10), resolvedAt: at(24 * 60) }], { incidents: 1, mttrSeconds: 600 }],
    ['entirely before the window', [{ openedAt: at(-120), resolvedAt: at(-60) }], { incidents: 0, mttrSeconds: null }],
  ])('%s', (_name, incidents, expected) => {
    expect(incidentFigures(incidents, from, to)).toEqual(expected);
  });
});

describe('uptimeWindow and uptimes', () => {
  it('covers the same hours as the rollups, up to now', () => {
    expect(uptimeWindow('24h', NOW)).toEqual({ from: windowHours('24h', NOW).fromHour, to: NOW });
    expect(uptimeWindow('24h', NOW).from).toBe(THIS_HOUR - 23 * HOUR_MS);
  });

  it('gives verified uptime per window: incidents over observed time since creation', () => {
    const createdAt = NOW - 10 * DAY_MS;
    const downtime = downtimeOf([
      { openedAt: new Date(NOW - 2 * HOUR_MS).toISOString(), resolvedAt: new Date(NOW - HOUR_MS).toISOString() },
      { openedAt: new Date(NOW - 5 * DAY_MS).toISOString(), resolvedAt: new Date(NOW - 5 * DAY_MS + 6 * HOUR_MS).toISOString() },
    ]);
    const observed24h = NOW - (THIS_HOUR - 23 * HOUR_MS);
    expect(uptimes(downtime, ['24h', '7d', '30d'], createdAt, NOW)).toEqual({
      '24h': 1 - HOUR_MS / observed24h,
      '7d': 1 - (7 * HOUR_MS) / (NOW - (THIS_HOUR - 167 * HOUR_MS)),
      // Created 10 days ago: the 30d window is observed from then on.
      '30d': 1 - (7 * HOUR_MS) / (10 * DAY_MS),
    });
    expect(uptimes(downtime, ['24h'], NOW + 1, NOW)).toEqual({ '24h': null });
  });
});

describe('dailyUptime', () => {
  const today = Date.parse('2026-11-21T00:00:00Z');

  it('has one entry per UTC day, oldest first, today last: checks and failures from rollups, uptime from incidents', () => {
    const days = dailyUptime(
      downtimeOf([
        // Two hours down on the 19th; a refuted blip leaves failures in the rollups but no incident.
        { openedAt: new Date(today - 2 * DAY_MS + 3 * HOUR_MS).toISOString(), resolvedAt: new Date(today - 2 * DAY_MS + 5 * HOUR_MS).toISOString() },
      ]),
      [rollup('a', today + 3 * HOUR_MS, 10, 1, [], 1), rollup('b', today + 5 * HOUR_MS, 10, 0, []), rollup('a', today - 2 * DAY_MS, 4, 4, []), rollup('a', today - 90 * DAY_MS, 9, 9, [])],
      90,
      today - 100 * DAY_MS,
      NOW,
    );
    expect(days).toHaveLength(90);
    expect(days[0]!.date).toBe('2026-08-24');
    expect(days[89]).toEqual({ date: '2026-11-21', uptime: 1, checks: 20, failures: 1 });
    expect(days[87]).toEqual({ date: '2026-11-19', uptime: 22 / 24, checks: 4, failures: 4 });
    expect(days[88]).toEqual({ date: '2026-11-20', uptime: 1, checks: 0, failures: 0 });
    expect(days.reduce((sum, d) => sum + d.checks, 0)).toBe(24); // the 91st day back is outside
  });

  it('is null before the monitor existed, and counts today up to now', () => {
    const createdAt = today - DAY_MS + 12 * HOUR_MS; // noon yesterday
    const openSince = NOW - HOUR_MS;
    const days = dailyUptime(downtimeOf([{ openedAt: new Date(openSince).toISOString(), resolvedAt: null }]), [], 3, createdAt, NOW);
    expect(days.map((d) => [d.date, d.uptime])).toEqual([
      ['2026-11-19', null],
      ['2026-11-20', 1],
      ['2026-11-21', 1 - HOUR_MS / (NOW - today)],
    ]);
  });
});

describe('hourlyLatency', () => {
  it('gives points per region and hour inside the range, skipping hours without checks', () => {
    const series = hourlyLatency(
      [
        rollup('b', THIS_HOUR, 2, 0, [100, 100]),
        rollup('a', THIS_HOUR, 1, 0, [10]),
        rollup('a', THIS_HOUR - HOUR_MS, 1, 0, [20]),
        rollup('a', THIS_HOUR - 2 * HOUR_MS, 0, 0, []),
        rollup('a', THIS_HOUR - 30 * HOUR_MS, 1, 0, [20]),
      ],
      THIS_HOUR - 23 * HOUR_MS,
      THIS_HOUR + HOUR_MS,
    );
    expect(series.map((s) => [s.region, s.points.map((p) => [p.hour, p.checks])])).toEqual([
      ['a', [[THIS_HOUR - HOUR_MS, 1], [THIS_HOUR, 1]]],
      ['b', [[THIS_HOUR, 2]]],
    ]);
    expect(series[1]!.points[0]!.p50!).toBeGreaterThan(100 / 1.2);
    expect(series[1]!.points[0]!.p50!).toBeLessThan(100 * 1.2);
  });
});
