import { describe, expect, it } from 'vitest';
import { addDeltas, createRollupTally, EMPTY_DELTA } from '../../functions/core/rollup-tally.ts';
import { T0 } from '../helpers/fixtures.ts';

const HOUR = 3_600_000;
const delta = (checks: number, failures: number, latency: number, histogram: Record<number, number>) => ({ checks, failures, anomalies: 0, latencySumMs: latency, histogram });

describe('addDeltas', () => {
  it('adds counters and histogram buckets', () => {
    expect(addDeltas(delta(2, 1, 30.5, { 3: 1, 7: 1 }), { ...delta(1, 0, 12, { 3: 1, 9: 1 }), anomalies: 1 })).toEqual({
      checks: 3,
      failures: 1,
      anomalies: 1,
      latencySumMs: 42.5,
      histogram: { 3: 2, 7: 1, 9: 1 },
    });
  });

  it('leaves its inputs alone, and the empty delta is neutral', () => {
    const a = delta(1, 0, 5, { 2: 1 });
    expect(addDeltas(EMPTY_DELTA, a)).toEqual(a);
    expect(a).toEqual(delta(1, 0, 5, { 2: 1 }));
  });
});

describe('createRollupTally', () => {
  it('merges by monitor, region and hour, and keeps them apart otherwise', () => {
    const tally = createRollupTally();
    tally.add({ monitorId: 'm1', region: 'a', hour: T0 }, delta(1, 0, 10, { 5: 1 }));
    tally.add({ monitorId: 'm1', region: 'b', hour: T0 }, delta(1, 1, 20, { 6: 1 }));
    tally.add({ monitorId: 'm1', region: 'a', hour: T0 + HOUR }, delta(1, 0, 30, { 7: 1 }));
    tally.add({ monitorId: 'm2', region: 'a', hour: T0 }, delta(1, 0, 40, { 8: 1 }));
    tally.add({ monitorId: 'm1', region: 'a', hour: T0 }, delta(1, 0, 12, { 5: 1 }));
    expect(tally.size).toBe(4);
    expect(tally.entries()).toEqual([
      { monitorId: 'm1', region: 'a', hour: T0, checks: 2, failures: 0, anomalies: 0, latencySumMs: 22, histogram: { 5: 2 } },
      { monitorId: 'm1', region: 'b', hour: T0, checks: 1, failures: 1, anomalies: 0, latencySumMs: 20, histogram: { 6: 1 } },
      { monitorId: 'm1', region: 'a', hour: T0 + HOUR, checks: 1, failures: 0, anomalies: 0, latencySumMs: 30, histogram: { 7: 1 } },
      { monitorId: 'm2', region: 'a', hour: T0, checks: 1, failures: 0, anomalies: 0, latencySumMs: 40, histogram: { 8: 1 } },
    ]);
    tally.clear();
    expect(tally.entries()).toEqual([]);
  });

  it('does not confuse ids that contain the separator of another encoding', () => {
    const tally = createRollupTally();
    tally.add({ monitorId: 'a#b', region: 'c', hour: T0 }, delta(1, 0, 1, {}));
    tally.add({ monitorId: 'a', region: 'b#c', hour: T0 }, delta(1, 0, 1, {}));
    expect(tally.size).toBe(2);
  });
});
