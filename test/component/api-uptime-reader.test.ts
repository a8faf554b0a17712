/** The uptime reader behind /v1/status and uptime.svg: closed hours summed once an hour, the current hour read each time. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { createUptimeReader } from '../../functions/api/uptime-reader.ts';
import type { ResultStore } from '../../functions/ports/result-store.ts';
import { manualClock } from './api-harness.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const THIS_HOUR = Date.parse('2026-11-21T12:00:00Z');

let stores: LocalStores;
let reads: Array<[number, number]>;
let results: ResultStore;

beforeEach(() => {
  stores = openLocalStores({ path: ':memory:' });
  reads = [];
  results = {
    ...stores.results,
    listRollups: (monitorId, from, to) => {
      reads.push([(to - from) / HOUR, (THIS_HOUR - from) / HOUR]);
      return stores.results.listRollups(monitorId, from, to);
    },
  };
});
afterEach(() => stores.close());

async function add(hour: number, checks: number, failures: number, region = 'local-a'): Promise<void> {
  await stores.results.addToRollup({ monitorId: 'm', region, hour }, { checks, failures, anomalies: 0, latencySumMs: 0, histogram: {} });
}

describe('createUptimeReader', () => {
  it('matches a full read, then reads only the current hour until the hour turns', async () => {
    const clock = manualClock(THIS_HOUR + 30 * 60_000);
    const reader = createUptimeReader(results, clock);
    await add(THIS_HOUR, 10, 0);
    await add(THIS_HOUR - HOUR, 10, 5, 'local-b');
    await add(THIS_HOUR - 2 * DAY, 20, 20);
    await add(THIS_HOUR - 31 * DAY, 100, 100);

    expect(await reader.uptimes('m', ['24h', '30d'])).toEqual({ '24h': 15 / 20, '30d': 15 / 40 });
    expect(reads).toEqual([
      [719, 719], // the closed hours of the widest window asked for
      [1, 0], // the current hour
    ]);

    // The current hour moves on: counted at once.
    await add(THIS_HOUR, 10, 10);
    reads.length = 0;
    expect(await reader.uptimes('m', ['24h', '30d'])).toEqual({ '24h': 15 / 30, '30d': 15 / 50 });
    expect(reads).toEqual([[1, 0]]);

    // A late write into a closed hour waits for the next hour.
    await add(THIS_HOUR - 3 * HOUR, 10, 0);
    expect((await reader.uptimes('m', ['24h']))['24h']).toBe(15 / 30);
    clock.advance(HOUR);
    expect((await reader.uptimes('m', ['24h']))['24h']).toBe(25 / 40);
  });

  it('reads again when a wider window is asked for later', async () => {
    const reader = createUptimeReader(results, manualClock(THIS_HOUR));
    await add(THIS_HOUR - 60 * DAY, 10, 5);
    expect(await reader.uptimes('m', ['24h'])).toEqual({ '24h': null });
    expect(await reader.uptimes('m', ['90d'])).toEqual({ '90d': 0.5 });
    expect(reads.map(([hours]) => hours)).toEqual([23, 1, 2159, 1]);
  });

  it('drops windows out of range as the hours pass', async () => {
    const clock = manualClock(THIS_HOUR);
    const reader = createUptimeReader(results, clock);
    await add(THIS_HOUR - 23 * HOUR, 4, 1);
    expect((await reader.uptimes('m', ['24h']))['24h']).toBe(0.75);
    clock.advance(HOUR);
    expect((await reader.uptimes('m', ['24h']))['24h']).toBeNull();
  });
});
