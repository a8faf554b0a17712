/**
 * How the state is read for a check: a passing check of a clean UP monitor looks once,
 * eventually consistent, and is done; everything else decides on a strongly consistent
 * read. Recorded on the real local stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Monitor } from '../../functions/core/monitor.ts';
import type { StateRead, StateStore } from '../../functions/ports/state-store.ts';
import { handleCheckJob, type ServiceDeps } from '../../functions/services/index.ts';
import { makeMonitor } from '../helpers/fixtures.ts';
import { World } from '../helpers/service-world.ts';

const EU = 'eu-west-1';
const US = 'us-east-1';

let w: World;
let deps: ServiceDeps;
let monitor: Monitor;
let reads: ('strong' | 'eventual')[];

beforeEach(async () => {
  w = await World.open([EU, US]);
  reads = [];
  const states: StateStore = {
    get: (id: string, read?: StateRead) => {
      reads.push(read?.consistent === false ? 'eventual' : 'strong');
      return w.stores.states.get(id, read);
    },
    put: (next, expected) => w.stores.states.put(next, expected),
    delete: (id) => w.stores.states.delete(id),
  };
  deps = { ...w.deps, states };
  monitor = makeMonitor({ regions: [], failureThreshold: 2 });
});
afterEach(async () => {
  await w.close();
});

const check = async (region: string) => {
  reads.length = 0;
  const outcome = await handleCheckJob(deps, w.job(monitor, region));
  return { outcome, reads: [...reads] };
};

describe('reading the state for a check', () => {
  it('a steady passing check takes one eventually consistent look and writes nothing', async () => {
    await check(EU); // PENDING -> UP
    const version = (await w.state(monitor.id))!.version;
    w.wait(60);
    const steady = await check(US);
    expect(steady.reads).toEqual(['eventual']);
    expect(steady.outcome).toMatchObject({ status: 'checked', changed: false });
    expect((await w.state(monitor.id))!.version).toBe(version);
  });

  it('the first check looks, finds nothing, and decides on a consistent read', async () => {
    const first = await check(EU);
    expect(first.reads[0]).toBe('eventual');
    expect(first.reads.slice(1).every((r) => r === 'strong')).toBe(true);
    expect(first.outcome).toMatchObject({ changed: true, state: { status: 'UP' } });
  });

  it('a failing check, and a passing one while a failure is counted, decide on consistent reads only', async () => {
    await check(EU);
    w.wait(60).probe(EU, 'fail');
    const failing = await check(EU);
    // The look before the check only decides whether to run it (a paused or deleted monitor is skipped).
    expect(failing.reads).toEqual(['eventual', 'strong']);
    expect((await w.state(monitor.id))!.failures).toMatchObject({ [EU]: 1 });
    w.wait(60).probe(EU, 'ok');
    const after = await check(EU);
    expect(after.reads[0]).toBe('eventual');
    expect(after.reads).toContain('strong');
    expect(after.outcome).toMatchObject({ changed: true });
    expect((await w.state(monitor.id))!.failures[EU] ?? 0).toBe(0);
  });
});
