import { describe, expect, it } from 'vitest';
import { initialState, type MonitorState } from '../../functions/core/state.ts';
import { isCleanUp, isHourlySample, keepsRawResult, type ResultContext } from '../../functions/services/results.ts';
import { T0, failingResult, iso, passingResult } from '../helpers/fixtures.ts';

const MINUTE = 60_000;
const up: MonitorState = { ...initialState('m', iso(T0)), status: 'UP', version: 3 };
const context = (overrides: Partial<ResultContext> = {}): ResultContext => ({
  state: up,
  changed: false,
  scheduledFor: iso(T0 + 5 * MINUTE),
  intervalSeconds: 60,
  ...overrides,
});

describe('isCleanUp', () => {
  it.each<[string, Partial<MonitorState>, boolean]>([
    ['UP with nothing counted', {}, true],
    ['UP with zeroed counters', { failures: { a: 0, b: 0 } }, true],
    ['UP with a failure counted in one region', { failures: { a: 0, b: 1 } }, false],
    ['VERIFYING', { status: 'VERIFYING' }, false],
    ['DOWN', { status: 'DOWN', openIncidentId: 'i1' }, false],
    ['PENDING', { status: 'PENDING' }, false],
    ['UP counting successes', { successes: 1 }, false],
    ['UP with an effect still pending', { pendingEffects: [{ type: 'certificateWarning', id: 'w', thresholdDays: 14, daysLeft: 13, notAfter: iso(T0), fingerprint256: 'x', at: iso(T0) }] }, false],
  ])('%s: %s', (_name, overrides, clean) => {
    expect(isCleanUp({ ...up, ...overrides })).toBe(clean);
  });
});

describe('isHourlySample', () => {
  it.each<[number, number, boolean]>([
    [60, 0, true], // 10:00:00, the previous one was 09:59:00
    [60, 59_000, true], // 10:00:59
    [60, MINUTE, false], // 10:01:00
    [60, 59 * MINUTE + 59_000, false], // 10:59:59
    [10, 9_000, true],
    [10, 10_000, false],
    [300, 4 * MINUTE, true], // 10:04, the previous one 09:59
    [300, 5 * MINUTE, false],
    [3600, 30 * MINUTE, true],
    [7200, 30 * MINUTE, true],
  ])('a %i s monitor due %i ms after the hour: %s', (interval, offset, sample) => {
    expect(isHourlySample(iso(T0 + offset), interval)).toBe(sample);
  });

  it('picks exactly one check per hour, whatever the phase', () => {
    for (const phase of [0, 17, 59]) {
      const dues = Array.from({ length: 180 }, (_, i) => iso(T0 + phase * 1000 + i * MINUTE));
      expect(dues.filter((due) => isHourlySample(due, 60))).toHaveLength(3);
    }
  });
});

describe('keepsRawResult', () => {
  const passing = passingResult('eu-west-1', T0 + 5 * MINUTE);
  const failing = failingResult('eu-west-1', T0 + 5 * MINUTE);

  it('keeps everything under "all"', () => {
    expect(keepsRawResult('all', 'scheduled', passing, context())).toBe(true);
  });

  it.each<[string, Parameters<typeof keepsRawResult>, boolean]>([
    ['a steady passing check', ['evidence', 'scheduled', passing, context()], false],
    ['a failing check', ['evidence', 'scheduled', failing, context()], true],
    ['a verification', ['evidence', 'verification', passing, context()], true],
    ['a manual check', ['evidence', 'manual', passing, context()], true],
    ['a passing check that changed the state', ['evidence', 'scheduled', passing, context({ changed: true })], true],
    ['a passing check while DOWN', ['evidence', 'scheduled', passing, context({ state: { ...up, status: 'DOWN' } })], true],
    ['a passing check while a region counts a failure', ['evidence', 'scheduled', passing, context({ state: { ...up, failures: { 'us-east-1': 1 } } })], true],
    ['the hour\'s sample', ['evidence', 'scheduled', passing, context({ scheduledFor: iso(T0) })], true],
    ['a scheduled check without context', ['evidence', 'scheduled', passing, undefined], true],
  ])('under "evidence": %s -> %s', (_name, args, kept) => {
    expect(keepsRawResult(...args)).toBe(kept);
  });
});
