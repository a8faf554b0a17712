/**
 * Pausing and deleting a monitor while checks are planned or in flight: a job is judged
 * against the monitor as it is when it runs and when its result arrives, and a monitor
 * paused or deleted while DOWN closes its incident with the reason in the ledger.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Monitor } from '../../functions/core/monitor.ts';
import { handleCheckJob, handleVerifyRequest } from '../../functions/services/index.ts';
import { monitorLifecycle, type MonitorLifecycle } from '../../functions/services/monitor-lifecycle.ts';
import { makeMonitor } from '../helpers/fixtures.ts';
import { World } from '../helpers/service-world.ts';

const EU = 'eu-west-1';
const US = 'us-east-1';

let w: World;
let monitor: Monitor;
let lifecycle: MonitorLifecycle;

beforeEach(async () => {
  w = await World.open([EU, US]);
  monitor = makeMonitor({ regions: [] });
  await w.stores.monitors.create(monitor);
  lifecycle = monitorLifecycle(w.deps);
});
afterEach(async () => {
  await w.close();
});

const check = (region: string) => handleCheckJob(w.deps, w.job(monitor, region));

async function goDown(): Promise<void> {
  w.probeAll('fail');
  await check(EU);
  for (const { region, request } of await w.takeVerifications()) await handleVerifyRequest(w.deps, request, region);
  expect(await w.state(monitor.id)).toMatchObject({ status: 'DOWN' });
}

async function resultsStored(): Promise<number> {
  return (await w.stores.results.listResults(monitor.id, { limit: 1000 })).items.length;
}

describe('a monitor paused or deleted', () => {
  it.each(['paused', 'deleted'] as const)('%s: a job planned before runs no check and changes nothing', async (reason) => {
    await check(EU);
    const job = w.job(monitor, US); // planned with the old definition
    await lifecycle.stop(monitor, reason);
    const before = await resultsStored();
    w.probeAll('fail');
    expect(await handleCheckJob(w.deps, job)).toEqual({ status: 'skipped', reason });
    expect(w.probes.get(US) ?? 0).toBe(0);
    expect(await resultsStored()).toBe(before);
    expect(await w.takeVerifications()).toEqual([]);
  });

  it.each(['paused', 'deleted'] as const)('%s while its check is in flight: the failing result is dropped, no verification, no incident, no alert', async (reason) => {
    await check(EU);
    const before = await resultsStored();
    // The target answers 503 after the monitor was stopped: the check was already running.
    w.probe(EU, 'fail');
    const inFlight = {
      ...w.deps,
      checkRunner: {
        run: async (definition: Monitor, region: string) => {
          const result = await w.deps.checkRunner.run(definition, region);
          await lifecycle.stop(monitor, reason);
          return result;
        },
      },
    };
    const outcome = await handleCheckJob(inFlight, w.job(monitor, EU));
    await w.settleQueues();
    expect(outcome).toEqual({ status: 'skipped', reason });
    expect(await w.takeVerifications()).toEqual([]);
    expect(await w.incidents(monitor.id)).toEqual([]);
    expect(w.alerts).toEqual([]);
    expect(await resultsStored()).toBe(before);
    expect(await w.state(monitor.id)).toMatchObject({ status: 'PENDING', stopped: { reason } });
  });

  it('deleted while a verification is in flight: the answer is dropped and opens no incident', async () => {
    w.probeAll('fail');
    await check(EU);
    const [delivery] = await w.takeVerifications();
    await lifecycle.stop(monitor, 'deleted');
    const answer = await handleVerifyRequest(w.deps, delivery!.request, delivery!.region);
    expect(answer).toMatchObject({ applied: false, result: null });
    expect(await w.incidents(monitor.id)).toEqual([]);
    expect(w.alerts).toEqual([]);
  });

  it.each(['paused', 'deleted'] as const)('%s before its verification started: the verifier runs no check', async (reason) => {
    w.probeAll('fail');
    await check(EU);
    const [delivery] = await w.takeVerifications();
    await lifecycle.stop(monitor, reason);
    const probesBefore = w.probes.get(delivery!.region) ?? 0;
    const before = await resultsStored();
    expect(await handleVerifyRequest(w.deps, delivery!.request, delivery!.region)).toMatchObject({ outcome: null, applied: false, result: null });
    expect(w.probes.get(delivery!.region) ?? 0).toBe(probesBefore);
    expect(await resultsStored()).toBe(before);
    expect(await w.incidents(monitor.id)).toEqual([]);
  });

  it('paused while the verifier\'s check is in flight: the answer is dropped and not stored', async () => {
    w.probeAll('fail');
    await check(EU);
    const [delivery] = await w.takeVerifications();
    const before = await resultsStored();
    const inFlight = {
      ...w.deps,
      checkRunner: {
        run: async (definition: Monitor, region: string) => {
          const result = await w.deps.checkRunner.run(definition, region);
          await lifecycle.stop(monitor, 'paused');
          return result;
        },
      },
    };
    expect(await handleVerifyRequest(inFlight, delivery!.request, delivery!.region)).toMatchObject({ outcome: 'confirmed', applied: false, result: null });
    expect(await resultsStored()).toBe(before);
    expect(await w.incidents(monitor.id)).toEqual([]);
    expect(w.alerts).toEqual([]);
  });

  it.each([
    ['deleted', 'monitor deleted'],
    ['paused', 'monitor paused'],
  ] as const)('%s while DOWN: the incident resolves with the reason in the ledger, and no RECOVERED alert says it recovered', async (reason, text) => {
    await goDown();
    const [incident] = await w.incidents(monitor.id);
    const alertsBefore = w.subjects();
    w.wait(120);
    await lifecycle.stop(monitor, reason);
    const [resolved] = await w.incidents(monitor.id);
    expect(resolved).toMatchObject({ id: incident!.id, status: 'resolved', resolution: text });
    const entries = await w.entries();
    expect(entries.at(-1)!.payload).toMatchObject({ type: 'incident.resolved', incidentId: incident!.id, reason: text, resolvedAt: resolved!.resolvedAt });
    expect(w.subjects()).toEqual(alertsBefore);
    // Stopping again changes nothing: no second entry.
    await lifecycle.stop(monitor, reason);
    expect((await w.entries()).length).toBe(entries.length);
  });

  it('a recovery still resolves without a reason', async () => {
    await goDown();
    w.probeAll('ok');
    await check(EU);
    await check(US);
    const entries = await w.entries();
    expect(entries.at(-1)!.payload.type).toBe('incident.resolved');
    expect(entries.at(-1)!.payload).not.toHaveProperty('reason');
    expect((await w.incidents(monitor.id))[0]).not.toHaveProperty('resolution');
  });

  it('resumed after a pause: checks count again, from PENDING', async () => {
    await check(EU);
    await lifecycle.stop(monitor, 'paused');
    expect(await check(EU)).toMatchObject({ status: 'skipped', reason: 'paused' });
    await lifecycle.resume(monitor);
    expect(await w.state(monitor.id)).toMatchObject({ status: 'PENDING' });
    expect(await w.state(monitor.id)).not.toHaveProperty('stopped');
    expect(await check(EU)).toMatchObject({ status: 'checked', state: { status: 'UP' } });
  });

  it('a deleted monitor never resumes', async () => {
    await lifecycle.stop(monitor, 'deleted');
    await lifecycle.resume(monitor);
    await lifecycle.stop(monitor, 'paused');
    expect(await w.state(monitor.id)).toMatchObject({ stopped: { reason: 'deleted' } });
  });
});
