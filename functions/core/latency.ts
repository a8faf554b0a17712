/**
 * Latency histograms for rollups: log-spaced buckets, so that an hour of checks
 * is a few dozen counters and p50/p95/p99 stay within one bucket width (about 20%).
 *
 * Bucket 0 holds [0, 1) ms. Bucket i (1..LAST-1) holds [F^(i-1), F^i) ms with
 * F = 1.2. The last bucket holds everything from F^(LAST-1) up (past a minute,
 * beyond any check timeout). Histograms are sparse records: bucket index -> count.
 */

export const LATENCY_BUCKET_FACTOR = 1.2;
/** Index of the last (open-ended) bucket: F^(LAST-1) is the first bound past 60 s. */
export const LAST_LATENCY_BUCKET = Math.ceil(Math.log(60_000) / Math.log(LATENCY_BUCKET_FACTOR)) + 1;

export type LatencyHistogram = Readonly<Record<number, number>>;

/** BOUNDS[i] is the exclusive upper bound of bucket i (the last bucket has none). */
const BOUNDS: readonly number[] = Array.from({ length: LAST_LATENCY_BUCKET }, (_, i) => LATENCY_BUCKET_FACTOR ** i);

/** The bucket a latency (ms) falls in. Negative or NaN input counts as 0 ms. */
export function bucketOf(ms: number): number {
  const value = ms > 0 ? ms : 0;
  // Binary search for the first bound above the value: exact at the boundaries,
  // unlike Math.log, whose rounding would put F^i on either side.
  let lo = 0;
  let hi = BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value < BOUNDS[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** [lower, upper) of a bucket in ms; the last bucket's upper bound is Infinity. */
export function bucketRange(bucket: number): { readonly lower: number; readonly upper: number } {
  const i = Math.min(Math.max(0, Math.trunc(bucket)), LAST_LATENCY_BUCKET);
  return { lower: i === 0 ? 0 : BOUNDS[i - 1]!, upper: i === LAST_LATENCY_BUCKET ? Infinity : BOUNDS[i]! };
}

/**
 * The value that stands for a bucket: the geometric middle of its bounds (so the
 * error is at most sqrt(F) - 1, about 9.5%, either way); 0.5 ms for bucket 0 and
 * the lower bound for the open-ended last bucket.
 */
export function bucketValue(bucket: number): number {
  const { lower, upper } = bucketRange(bucket);
  if (lower === 0) return 0.5;
  if (upper === Infinity) return lower;
  return Math.sqrt(lower * upper);
}

/** A histogram with one latency counted. */
export function histogramOf(ms: number): LatencyHistogram {
  return { [bucketOf(ms)]: 1 };
}

/** Sums histograms bucket by bucket. */
export function mergeHistograms(...histograms: readonly LatencyHistogram[]): LatencyHistogram {
  const out: Record<number, number> = {};
  for (const histogram of histograms) {
    for (const [key, count] of Object.entries(histogram)) {
      const bucket = Number(key);
      out[bucket] = (out[bucket] ?? 0) + count;
    }
  }
  return out;
}

/**
 * The p-th percentile (0 < p <= 100) by the nearest-rank method, as the
 * representative value of the bucket holding that rank. null for an empty histogram.
 */
export function percentile(histogram: LatencyHistogram, p: number): number | null {
  const entries = Object.entries(histogram)
    .map(([key, count]) => [Number(key), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil((Math.min(100, Math.max(0, p)) / 100) * total)));
  let seen = 0;
  let bucket = 0;
  for (const [index, count] of entries) {
    bucket = index;
    seen += count;
    if (seen >= rank) break;
  }
  return bucketValue(bucket);
}
