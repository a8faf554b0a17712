/** The cost benchmark's model of a month: traffic from the real schedule and packing, and the free tier. */
import { describe, expect, it } from 'vitest';
import type { Measured } from '../../bench/cost/measure.ts';
import { costLines, DEFAULT_ASSUMPTIONS, minuteOfTraffic, totals, type Scenario, type StackCounts } from '../../bench/cost/model.ts';

const stack: StackCounts = { alarms: 15, polledQueues: 2, kmsKeys: 1, checkerBatchSize: 10, checkerBatchingWindowSeconds: 2, memoryMb: {} };
const scenario: Scenario = { monitors: 50, intervalSeconds: 60, regions: ['eu-west-1', 'us-east-1'], homeRegion: 'eu-west-1', waveSeconds: 20, rollupIntervalMinutes: 15 };
const measured: Measured = {
  moto: 'test',
  measuredAt: '2026-11-21T00:00:00.000Z',
  checker: { 'DynamoDB GetItem': { perCheck: 1, perInvocation: 0 }, 'SQS SendMessage': { perCheck: 0, perInvocation: 1 } },
  perBatch: { receives: 1, deletes: 1 },
  aggregator: { requests: { 'DynamoDB UpdateItem': 20, 'SQS ReceiveMessage': 3, 'SQS DeleteMessageBatch': 2 }, messages: 14, rollups: 40 },
  incident: { requests: {}, invocations: {} },
  itemBytes: { state: 268, result: 836, rollup: 400, monitor: 684 },
  rollupMessage: { fixedBytes: 12, bytesPerRollup: 158 },
  logBytesPerInvocation: {},
  steady: { checks: 80, invocations: [8, 4] },
  schedulerPerTick: { 'DynamoDB Query': 1 },
};

describe('minuteOfTraffic', () => {
  it('packs a minute of 60 s monitors into 60 / wave invocations per region, each message at most ten jobs', () => {
    const minute = minuteOfTraffic(scenario, stack);
    expect(minute.checks).toBe(100);
    expect(minute.invocations).toBe(2 * 3);
    expect(minute.messages).toBeGreaterThanOrEqual(2 * 3 * 2);
    expect(minuteOfTraffic({ ...scenario, waveSeconds: 60 }, stack).invocations).toBe(2);
  });

  it('with waves of one second, every delivery second (within the batching window) is an invocation', () => {
    const minute = minuteOfTraffic({ ...scenario, waveSeconds: 1 }, stack);
    expect(minute.invocations).toBeGreaterThan(2 * 10);
    expect(minute.invocations).toBeLessThanOrEqual(2 * 50);
  });
});

describe('costLines', () => {
  it('counts a month of checks, one state look each, and one rollups message per invocation', () => {
    const { lines, traffic } = costLines(scenario, stack, measured);
    expect(traffic.checks).toBe(50 * 2 * DEFAULT_ASSUMPTIONS.minutesPerMonth);
    expect(traffic.checkerInvocations).toBe(6 * DEFAULT_ASSUMPTIONS.minutesPerMonth);
    const state = lines.find((l) => l.item.startsWith('state look'))!;
    expect(state.quantity).toBe(traffic.checks * 0.5);
    const rollupsMessages = lines.find((l) => l.item.startsWith('checkers: one rollups message'))!;
    expect(rollupsMessages.quantity).toBe(traffic.checkerInvocations);
  });

  it('after the free tier is never more than list, and the first ten alarms are free', () => {
    const { lines } = costLines(scenario, stack, measured);
    for (const line of lines) expect(line.freeUsd).toBeLessThanOrEqual(line.listUsd + 1e-12);
    const alarms = lines.find((l) => l.item.startsWith('alarms'))!;
    expect(alarms.listUsd).toBeCloseTo(1.5);
    expect(alarms.freeUsd).toBeCloseTo(0.5);
    const { list, free } = totals(lines);
    expect(free).toBeLessThan(list);
    expect(lines.find((l) => l.service === 'KMS' && l.item === 'the signing key')!.freeUsd).toBe(1);
  });
});
