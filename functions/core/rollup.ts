/** Hourly rollups per monitor and region: what stats read, instead of raw results. */

export interface RollupKey {
  readonly monitorId: string;
  readonly region: string;
  /** Epoch milliseconds of the start of the UTC hour. */
  readonly hour: number;
}

/** What one check (or one anomaly) adds to its hour. Counters only, so stores can add atomically. */
export interface RollupDelta {
  readonly checks: number;
  readonly failures: number;
  readonly anomalies: number;
  readonly latencySumMs: number;
  /** Latency histogram: bucket index -> count (see latency buckets in core). */
  readonly histogram: Readonly<Record<number, number>>;
}

export interface Rollup extends RollupKey, RollupDelta {}
