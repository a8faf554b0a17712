import { describe, expect, it } from 'vitest';
import { deliveryCost } from '../../bench/cost/deliveries.ts';

describe('deliveryCost', () => {
  it('prices 1,000 deliveries line by line, and scales linearly', () => {
    const thousand = deliveryCost(1000);
    expect(thousand.lines['DynamoDB writes (claim + outcome)']).toBeCloseTo(0.00125, 8);
    expect(thousand.lines['KMS Decrypt (worst case, one per delivery)']).toBeCloseTo(0.003, 8);
    expect(thousand.usd).toBeCloseTo(Object.values(thousand.lines).reduce((a, b) => a + b, 0), 12);
    expect(deliveryCost(2000).usd).toBeCloseTo(2 * thousand.usd, 12);
    expect(thousand.keyMonthUsd).toBe(1);
  });
});
