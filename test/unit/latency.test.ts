import { describe, expect, it } from 'vitest';
import {
  LAST_LATENCY_BUCKET,
  LATENCY_BUCKET_FACTOR,
  bucketOf,
  bucketRange,
  bucketValue,
  histogramOf,
  mergeHistograms,
  percentile,
  type LatencyHistogram,
} from '../../functions/core/latency.ts';

/** A deterministic pseudo-random sequence (LCG), so the test data is the same every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function exactPercentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

describe('latency buckets', () => {
  it('spans 1 ms to a minute in about 60 log-spaced buckets', () => {
    expect(LAST_LATENCY_BUCKET).toBe(62);
    expect(bucketRange(LAST_LATENCY_BUCKET - 1).upper).toBeGreaterThan(60_000);
    expect(bucketRange(LAST_LATENCY_BUCKET - 2).upper).toBeLessThan(60_000);
  });

  it.each([
    [0, 0],
    [0.99, 0],
    [-5, 0],
    [Number.NaN, 0],
    [1, 1],
    [1.19, 1],
    [1.2, 2],
    [LATENCY_BUCKET_FACTOR ** 10, 11],
    [LATENCY_BUCKET_FACTOR ** 10 - 1e-9, 10],
    [60_000, 61],
    [10_000_000, LAST_LATENCY_BUCKET],
    [Infinity, LAST_LATENCY_BUCKET],
  ])('bucketOf(%s) = %s', (ms, bucket) => {
    expect(bucketOf(ms)).toBe(bucket);
  });

  it('puts every value inside its bucket range, and ranges tile the line', () => {
    for (let b = 0; b <= LAST_LATENCY_BUCKET; b++) {
      const { lower, upper } = bucketRange(b);
      expect(bucketOf(lower)).toBe(b);
      if (upper !== Infinity) {
        expect(bucketRange(b + 1).lower).toBe(upper);
        const value = bucketValue(b);
        expect(value).toBeGreaterThanOrEqual(lower);
        expect(value).toBeLessThan(upper);
      }
    }
  });

  it('represents a bucket within sqrt(1.2) of any value in it', () => {
    const next = lcg(7);
    for (let i = 0; i < 2000; i++) {
      const ms = 1 + next() * 59_999;
      const value = bucketValue(bucketOf(ms));
      expect(value / ms).toBeLessThanOrEqual(Math.sqrt(LATENCY_BUCKET_FACTOR) + 1e-9);
      expect(ms / value).toBeLessThanOrEqual(Math.sqrt(LATENCY_BUCKET_FACTOR) + 1e-9);
    }
  });
});

describe('percentile', () => {
  it('is null for an empty histogram', () => {
    expect(percentile({}, 50)).toBeNull();
    expect(percentile({ 3: 0 }, 99)).toBeNull();
  });

  it('returns the bucket value of the nearest rank', () => {
    // 90 checks around 100 ms, 10 around 2 s.
    const histogram: LatencyHistogram = { [bucketOf(100)]: 90, [bucketOf(2000)]: 10 };
    expect(percentile(histogram, 50)).toBe(bucketValue(bucketOf(100)));
    expect(percentile(histogram, 90)).toBe(bucketValue(bucketOf(100)));
    expect(percentile(histogram, 91)).toBe(bucketValue(bucketOf(2000)));
    expect(percentile(histogram, 100)).toBe(bucketValue(bucketOf(2000)));
    expect(percentile(histogram, 0)).toBe(bucketValue(bucketOf(100)));
  });

  it.each([
    ['uniform 5..500 ms', (r: number) => 5 + r * 495],
    ['long tail', (r: number) => 20 / (1 - r * 0.999)],
    ['bimodal', (r: number) => (r < 0.8 ? 40 + r * 10 : 3000 + r * 1000)],
  ])('p50/p95/p99 of %s stay within one bucket of the exact value', (_name, shape) => {
    const next = lcg(42);
    const samples = Array.from({ length: 5000 }, () => shape(next()));
    const histogram = mergeHistograms(...samples.map(histogramOf));
    const sorted = [...samples].sort((a, b) => a - b);
    for (const p of [50, 95, 99]) {
      const exact = exactPercentile(sorted, p);
      const estimate = percentile(histogram, p)!;
      // Same bucket as the exact value, hence within sqrt(F) of it.
      expect(bucketOf(estimate)).toBe(bucketOf(exact));
      expect(Math.max(estimate / exact, exact / estimate)).toBeLessThanOrEqual(Math.sqrt(LATENCY_BUCKET_FACTOR) + 1e-9);
    }
  });
});

describe('mergeHistograms', () => {
  it('adds counts bucket by bucket and leaves its inputs alone', () => {
    const a: LatencyHistogram = { 1: 2, 5: 1 };
    const b: LatencyHistogram = { 5: 3, 9: 4 };
    expect(mergeHistograms(a, b, {})).toEqual({ 1: 2, 5: 4, 9: 4 });
    expect(a).toEqual({ 1: 2, 5: 1 });
    expect(mergeHistograms()).toEqual({});
  });

  it('accepts histograms whose keys came back from JSON as strings', () => {
    const fromJson = JSON.parse('{"3": 2}') as LatencyHistogram;
    expect(mergeHistograms(fromJson, { 3: 1 })).toEqual({ 3: 3 });
  });
});
