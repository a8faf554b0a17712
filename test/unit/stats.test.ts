import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../functions/core/latency.ts';
import type { Rollup } from '../../functions/core/rollup.ts';
import { dailyUptime, DAY_MS, HOUR_MS, hourlyLatency, incidentFigures, totals, totalsByRegion, windowHours } from '../../functions/core/stats.ts';

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
    expect(totals([])).toEqual({ checks: 0, failures: 0, anomalies: 0, uptime: null, latency: { p50: null, p95: null, p99: null, mean: null } });
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
    expect(result.uptime).toBeCloseTo(0.96);
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
    expect(byRegion.map((r) => [r.region, r.checks, r.uptime])).toEqual([
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
    ['none', [], { incidents: 0, mttrSeconds: null, downtimeSeconds: 0 }],
    ['one resolved inside', [{ openedAt: at(60), resolvedAt: at(70) }], { incidents: 1, mttrSeconds: 600, downtimeSeconds: 600 }],
    [
      'two resolved inside: MTTR is the mean',
      [{ openedAt: at(60), resolvedAt: at(70) }, { openedAt: at(100), resolvedAt: at(130) }],
      { incidents: 2, mttrSeconds: 1200, downtimeSeconds: 2400 },
    ],
    ['opened before the window: downtime clipped, full repair time', [{ openedAt: at(-30), resolvedAt: at(30) }], { incidents: 1, mttrSeconds: 3600, downtimeSeconds: 1800 }],
    ['still open: counts up to the end, no MTTR', [{ openedAt: at(24 * 60 - 5), resolvedAt: null }], { incidents: 1, mttrSeconds: null, downtimeSeconds: 300 }],
    ['resolved right at the end (now)', [{ openedAt: at(24 * 60 - 10), resolvedAt: at(24 * 60) }], { incidents: 1, mttrSeconds: 600, downtimeSeconds: 600 }],
    ['entirely before the window', [{ openedAt: at(-120), resolvedAt: at(-60) }], { incidents: 0, mttrSeconds: null, downtimeSeconds: 0 }],
  ])('%s', (_name, incidents, expected) => {
    expect(incidentFigures(incidents, from, to)).toEqual(expected);
  });
});

describe('dailyUptime', () => {
  it('has one entry per UTC day, oldest first, today last, null on days without checks', () => {
    const today = Date.parse('2026-11-21T00:00:00Z');
    const days = dailyUptime(
      [rollup('a', today + 3 * HOUR_MS, 10, 1, []), rollup('b', today + 5 * HOUR_MS, 10, 0, []), rollup('a', today - 2 * DAY_MS, 4, 4, []), rollup('a', today - 90 * DAY_MS, 9, 9, [])],
      90,
      NOW,
    );
    expect(days).toHaveLength(90);
    expect(days[0]!.date).toBe('2026-08-24');
    expect(days[89]).toEqual({ date: '2026-11-21', uptime: 0.95, checks: 20, failures: 1 });
    expect(days[87]).toEqual({ date: '2026-11-19', uptime: 0, checks: 4, failures: 4 });
    expect(days[88]).toEqual({ date: '2026-11-20', uptime: null, checks: 0, failures: 0 });
    expect(days.reduce((sum, d) => sum + d.checks, 0)).toBe(24); // the 91st day back is outside
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
