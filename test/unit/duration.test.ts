/**
 * Durations (core/duration.ts): Go's parser, exact, as the condition language reads it
 * (nanoseconds) and as a Gatus file's intervals and timeouts read it (milliseconds), and
 * each form CrossCheck writes a duration in.
 */
import { describe, expect, it } from 'vitest';
import { formatGatusDuration, formatHumanDuration, formatTableDuration, parseGoDuration, parseGoDurationMs } from '../../functions/core/duration.ts';

describe('parseGoDuration (time.ParseDuration)', () => {
  it.each([
    ['0', 0n],
    ['-0', 0n],
    ['1ns', 1n],
    ['1us', 1_000n],
    ['1\u00b5s', 1_000n],
    ['1\u03bcs', 1_000n],
    ['500ms', 500_000_000n],
    ['1s', 1_000_000_000n],
    ['1.5s', 1_500_000_000n],
    ['.5s', 500_000_000n],
    ['2m', 120_000_000_000n],
    ['48h', 172_800_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['1h0m15s', 3_615_000_000_000n],
    ['-1.5h', -5_400_000_000_000n],
    ['+10s', 10_000_000_000n],
    ['2562047h47m16.854775807s', 9_223_372_036_854_775_807n],
  ])('%s -> %s ns', (text, expected) => {
    expect(parseGoDuration(text)).toBe(expected);
  });

  it.each(['', '1', '500', '1d', '1 s', 's', '.s', '1.5', '1S', '1s2', '2562047h47m16.854775808s', 'true'])('%j is not a duration', (text) => {
    expect(parseGoDuration(text)).toBeNull();
  });
});

describe('parseGoDurationMs (intervals and timeouts of a Gatus file)', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['250ms', 250],
    ['0', 0],
    ['.5s', 500],
    ['1500us', 1.5],
    [' 30s ', 30_000],
  ])('%j is %d ms', (text, ms) => expect(parseGoDurationMs(text)).toBe(ms));

  it.each(['', '30', 's', '5 m', '1d', '-5s', '1h 30m'])('%j is not a duration', (text) => expect(parseGoDurationMs(text)).toBeNull());
});

describe('formatGatusDuration (resolved conditions, as Gatus writes them)', () => {
  it.each([
    [0n, '0s'],
    [999n, '0s'],
    [45_000n, '45s'],
    [20_000n, '20s'],
    [600_000n, '10m'],
    [630_000n, '10m30s'],
    [3_600_000n, '1h'],
    [5_400_000n, '1h30m'],
    [3_615_000n, '1h0m15s'],
    [1_209_600_000n, '336h'],
    [-86_400_000n, '-24h'],
    [-1_500n, '-1s'],
  ])('%s ms -> %s', (ms, expected) => {
    expect(formatGatusDuration(ms)).toBe(expected);
  });
});

describe('formatHumanDuration (alert texts)', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [60_000, '1m'],
    [750_000, '12m 30s'],
    [3_600_000, '1h'],
    [3_600_000 + 5 * 60_000 + 9_000, '1h 5m'],
    [2 * 86_400_000 + 4 * 3_600_000, '2d 4h'],
    [86_400_000 + 59_000, '1d'],
    [-5000, '0s'],
  ])('%i ms -> %s', (ms, text) => {
    expect(formatHumanDuration(ms)).toBe(text);
  });
});

describe('formatTableDuration (ledger report columns)', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [42_000, '42s'],
    [59_999, '59s'],
    [60_000, '1m 0s'],
    [725_000, '12m 5s'],
    [30 * 60_000, '30m 0s'],
    [4 * 3_600_000, '4h 0m'],
    [10 * 3_600_000, '10h 0m'],
    [2 * 86_400_000 + 3 * 3_600_000 + 59 * 60_000, '2d 3h'],
    [86_400_000, '1d 0h'],
  ])('%i ms -> %s', (ms, text) => {
    expect(formatTableDuration(ms)).toBe(text);
  });
});
