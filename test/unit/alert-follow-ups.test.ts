import { describe, expect, it } from 'vitest';
import { downDelayMs, dueReminder } from '../../functions/core/alert-follow-ups.ts';

const MIN = 60_000;

describe('downDelayMs', () => {
  it.each([
    [1, 60, undefined, 0],
    [1, 60, 1, 0],
    [1, 60, 3, 2 * MIN],
    [2, 30, 5, 90_000],
    [3, 60, 1, 0], // a channel threshold below the monitor's is reached already when the incident opens
  ])('monitor threshold %d, interval %d s, channel threshold %s: %d ms', (monitorThreshold, interval, channelThreshold, expected) => {
    expect(downDelayMs({ failureThreshold: monitorThreshold, intervalSeconds: interval }, { failureThreshold: channelThreshold })).toBe(expected);
  });
});

describe('dueReminder', () => {
  it.each([
    [0, 0, 30, 0],
    [29 * MIN, 0, 30, 0],
    [30 * MIN, 0, 30, 1],
    [61 * MIN, 0, 30, 2],
    [31 * MIN, 2 * MIN, 30, 0],
    [32 * MIN, 2 * MIN, 30, 1],
    [600 * MIN, 0, undefined, 0],
  ])('at +%d ms, delay %d ms, every %s min: reminder %d', (elapsed, delay, every, expected) => {
    expect(dueReminder(0, elapsed, delay, every)).toBe(expected);
  });
});
