import { describe, expect, it } from 'vitest';
import { REGION_NAME_PATTERN, RegionNameSchema } from '../../functions/core/region.ts';

describe('region names', () => {
  it.each(['eu-west-1', 'us-east-1', 'local-a', 'a', '0', `a${'-'.repeat(62)}`])('%s is a region name', (name) => {
    expect(REGION_NAME_PATTERN.test(name)).toBe(true);
    expect(RegionNameSchema.safeParse(name).success).toBe(true);
  });

  it.each(['', '-a', 'EU-west-1', 'eu_west_1', 'eu west', 'a#checks', `a${'b'.repeat(63)}`])('%j is not', (name) => {
    expect(REGION_NAME_PATTERN.test(name)).toBe(false);
    expect(RegionNameSchema.safeParse(name).error?.issues[0]?.message).toBe('must be a region name such as eu-west-1 or local-a');
  });
});
