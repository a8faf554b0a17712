/**
 * Merging rollup deltas in memory: a checker invocation merges its checks' deltas before
 * sending them on as one message, and the aggregator merges many such messages before
 * writing each monitor's hour once. Counters only, so merging is plain addition and the
 * order of merging does not matter.
 */
import type { Rollup, RollupDelta, RollupKey } from './rollup.ts';

export const EMPTY_DELTA: RollupDelta = { checks: 0, failures: 0, anomalies: 0, latencySumMs: 0, histogram: {} };

export function addDeltas(a: RollupDelta, b: RollupDelta): RollupDelta {
  const histogram: Record<number, number> = { ...a.histogram };
  for (const [bucket, count] of Object.entries(b.histogram)) {
    const index = Number(bucket);
    histogram[index] = (histogram[index] ?? 0) + count;
  }
  return {
    checks: a.checks + b.checks,
    failures: a.failures + b.failures,
    anomalies: a.anomalies + b.anomalies,
    latencySumMs: a.latencySumMs + b.latencySumMs,
    histogram,
  };
}

/** One identity per monitor, region and hour. */
export function rollupKeyId(key: RollupKey): string {
  return JSON.stringify([key.monitorId, key.region, key.hour]);
}

export interface RollupTally {
  add(key: RollupKey, delta: RollupDelta): void;
  /** The merged rollups, one per monitor, region and hour, in the order first seen. */
  entries(): Rollup[];
  readonly size: number;
  clear(): void;
}

export function createRollupTally(): RollupTally {
  const merged = new Map<string, Rollup>();
  return {
    add(key, delta) {
      const id = rollupKeyId(key);
      const current = merged.get(id);
      const sum = current === undefined ? addDeltas(EMPTY_DELTA, delta) : addDeltas(current, delta);
      merged.set(id, { monitorId: key.monitorId, region: key.region, hour: key.hour, ...sum });
    },
    entries: () => [...merged.values()],
    get size() {
      return merged.size;
    },
    clear: () => merged.clear(),
  };
}

/** The delta part of a rollup (what an UpdateItem ADD adds). */
export function deltaOf(rollup: Rollup): RollupDelta {
  return { checks: rollup.checks, failures: rollup.failures, anomalies: rollup.anomalies, latencySumMs: rollup.latencySumMs, histogram: rollup.histogram };
}
