/**
 * The cloud's raw-result policy (`keepResults: 'evidence'`) on the real local adapters:
 * which checks leave a raw row, and that the rollups still count every one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Monitor } from '../../functions/core/monitor.ts';
import { handleCheckJob, handleVerifyRequest, type ServiceDeps } from '../../functions/services/index.ts';
import { T0, makeMonitor } from '../helpers/fixtures.ts';
import { World } from '../helpers/service-world.ts';

const EU = 'eu-west-1';
const US = 'us-east-1';
const HOUR = 3_600_000;

let w: World;
let deps: ServiceDeps;
let monitor: Monitor;

beforeEach(async () => {
  w = await World.open([EU, US]);
  deps = { ...w.deps, keepResults: 'evidence' };
  monitor = makeMonitor({ regions: [], failureThreshold: 2, successThreshold: 2 });
});
afterEach(async () => {
  await w.close();
});

const check = (region: string) => handleCheckJob(deps, w.job(monitor, region));

/** Every raw row stored so far, oldest first (by region within the same time). */
async function stored() {
  const page = await w.stores.results.listResults(monitor.id, { limit: 100 });
  return page.items.toSorted((a, b) => a.startedAt.localeCompare(b.startedAt) || a.region.localeCompare(b.region));
}

/** The region, kind and outcome of every raw row stored so far. */
async function rows(): Promise<string[]> {
  return (await stored()).map((r) => `${r.region} ${r.kind} ${r.success ? 'pass' : 'FAIL'}`);
}

async function checksCounted(): Promise<number> {
  const rollups = await w.stores.results.listRollups(monitor.id, T0 - HOUR, T0 + 3 * HOUR);
  return rollups.reduce((sum, r) => sum + r.checks, 0);
}

describe('keepResults: evidence', () => {
  it('keeps the first check, failures, verifications and what follows them; drops steady passing checks; counts all', async () => {
    w.wait(120); // 10:02: not the first check of the hour
    await check(EU); // PENDING -> UP: changed, kept
    await check(US); // steady: dropped
    expect(await rows()).toEqual([`${EU} scheduled pass`]);

    w.wait(60).probe(EU, 'fail');
    await check(EU); // a failure (counted, below the threshold): kept
    w.wait(60).probe(EU, 'ok');
    await check(US); // passing while EU still counts a failure: kept
    await check(EU); // resets EU's counter: changed, kept
    w.wait(60);
    await check(EU); // clean UP again: dropped
    await check(US);
    expect(await rows()).toEqual([`${EU} scheduled pass`, `${EU} scheduled FAIL`, `${EU} scheduled pass`, `${US} scheduled pass`]);

    // A real outage: both failures, the verification, and the passing checks of the recovery are kept.
    w.wait(60).probeAll('fail');
    await check(EU);
    await check(EU);
    for (const { region, request } of await w.takeVerifications()) await handleVerifyRequest(deps, request, region);
    expect((await w.state(monitor.id))?.status).toBe('DOWN');
    w.wait(60).probeAll('ok');
    await check(EU);
    await check(US);
    expect((await w.state(monitor.id))?.status).toBe('UP');
    w.wait(60);
    await check(EU);
    expect((await rows()).slice(4)).toEqual([`${EU} scheduled FAIL`, `${EU} scheduled FAIL`, `${US} verification FAIL`, `${EU} scheduled pass`, `${US} scheduled pass`]);
    expect(await checksCounted()).toBe(13);
  });

  it('keeps one passing check per monitor, region and hour as a sample: the one due first in the hour', async () => {
    await check(EU); // PENDING -> UP
    w.wait(60 * 58); // 10:58
    await check(EU);
    w.wait(60); // 10:59
    await check(EU);
    w.wait(60); // 11:00: the first due in the hour
    await check(EU);
    await check(US);
    w.wait(60); // 11:01
    await check(EU);
    await check(US);
    expect((await stored()).map((r) => [r.region, Date.parse(r.startedAt) - T0])).toEqual([
      [EU, 0],
      [EU, HOUR],
      [US, HOUR],
    ]);
    expect(await checksCounted()).toBe(7);
  });

  it('keeps every result when the policy is "all" (local mode)', async () => {
    deps = { ...w.deps };
    w.wait(120);
    for (let i = 0; i < 3; i += 1) {
      await check(EU);
      w.wait(60);
    }
    expect(await rows()).toHaveLength(3);
  });
});
