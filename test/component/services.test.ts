/**
 * Scripted service tests on the real local adapters (SQLite in memory, in-process
 * queues, the real ledger writer and signer). One step at a time; after each, the
 * state, counters, incidents, alerts and ledger entries are asserted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrossCheckError } from '../../functions/core/errors.ts';
import { bucketOf } from '../../functions/core/latency.ts';
import type { HttpMonitor, Monitor } from '../../functions/core/monitor.ts';
import type { MonitorStatus } from '../../functions/core/state.ts';
import { handleCheckJob, handleVerifyRequest, runCheckNow, scheduleDueChecks, type ServiceDeps } from '../../functions/services/index.ts';
import { T0, failingResult, iso, makeMonitor, passingResult, tlsFacts } from '../helpers/fixtures.ts';
import { World } from '../helpers/service-world.ts';

const EU = 'eu-west-1';
const US = 'us-east-1';
const AP = 'ap-south-1';
const HOUR = 3_600_000;

let w: World;
let monitor: HttpMonitor;

beforeEach(async () => {
  w = await World.open([EU, US, AP]);
  monitor = makeMonitor({ regions: [] });
});
afterEach(async () => {
  await w.close();
});

const check = (region: string, m: Monitor = monitor) => handleCheckJob(w.deps, w.job(m, region));

/** Handles every verification request delivered so far, one after another. */
async function answerVerifications(): Promise<void> {
  for (const { region, request } of await w.takeVerifications()) await handleVerifyRequest(w.deps, request, region);
}

interface Expected {
  status: MonitorStatus;
  failures?: Record<string, number>;
  successes?: number;
  incidents?: number;
  openIncidents?: number;
  alerts?: string[];
  ledger?: string[];
}

async function expectWorld(expected: Expected, m: Monitor = monitor): Promise<void> {
  const state = await w.state(m.id);
  expect(state?.status).toBe(expected.status);
  expect(state?.pendingEffects ?? []).toEqual([]);
  if (expected.failures) expect(state?.failures).toEqual(expected.failures);
  if (expected.successes !== undefined) expect(state?.successes).toBe(expected.successes);
  const incidents = await w.incidents(m.id);
  if (expected.incidents !== undefined) expect(incidents).toHaveLength(expected.incidents);
  if (expected.openIncidents !== undefined) expect(incidents.filter((i) => i.status === 'open')).toHaveLength(expected.openIncidents);
  if (expected.alerts) expect(w.subjects()).toEqual(expected.alerts);
  if (expected.ledger) expect((await w.entries()).map((e) => e.payload.type)).toEqual(expected.ledger);
}

describe('a single-region blip', () => {
  it('is refuted by the next region: an anomaly in the stats, no incident, no alert, no ledger entry', async () => {
    await check(EU);
    await expectWorld({ status: 'UP', failures: {}, incidents: 0, alerts: [], ledger: [] });

    w.wait(60).probe(EU, 'fail');
    const outcome = await check(EU);
    expect(outcome).toMatchObject({ status: 'checked', changed: true, result: { kind: 'scheduled', success: false } });
    await expectWorld({ status: 'VERIFYING', failures: { [EU]: 1 }, alerts: [], ledger: [] });

    const delivered = await w.takeVerifications();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ region: US, request: { fromRegion: EU, tried: [], primary: { region: EU, status: 503 } } });
    const answer = await handleVerifyRequest(w.deps, delivered[0]!.request, US);
    expect(answer).toMatchObject({ outcome: 'refuted', applied: true, result: { kind: 'verification', region: US } });
    await expectWorld({ status: 'UP', failures: {}, incidents: 0, alerts: [], ledger: [] });

    const anomalies = await w.stores.results.listAnomalies(monitor.id, { limit: 10 });
    expect(anomalies.items).toEqual([
      expect.objectContaining({ id: `anm_${delivered[0]!.request.verificationId}`, primary: expect.objectContaining({ region: EU }), verifier: expect.objectContaining({ region: US }) }),
    ]);
    const rollups = await w.stores.results.listRollups(monitor.id, T0 - HOUR, T0 + HOUR);
    const eu = rollups.find((r) => r.region === EU)!;
    const us = rollups.find((r) => r.region === US)!;
    expect(eu).toMatchObject({ checks: 2, failures: 1, anomalies: 1, latencySumMs: 96, histogram: { [bucketOf(48)]: 2 } });
    expect(us).toMatchObject({ checks: 1, failures: 0, anomalies: 0 });
  });
});

describe('a real outage', () => {
  it('is confirmed, recorded once (incident, signed ledger entry with evidence, DOWN alert) and resolved after two successes', async () => {
    await check(EU);
    await check(US);
    await expectWorld({ status: 'UP' });

    // 10:01 the service goes down everywhere.
    w.wait(60).probeAll('fail');
    await check(EU);
    await expectWorld({ status: 'VERIFYING', failures: { [EU]: 1 }, alerts: [] });
    await check(US); // the same round from another region: counted, no second verification
    await expectWorld({ status: 'VERIFYING', failures: { [EU]: 1, [US]: 1 } });
    w.wait(2);
    await answerVerifications();
    await expectWorld({
      status: 'DOWN',
      incidents: 1,
      openIncidents: 1,
      alerts: ['[CrossCheck] DOWN: Shop (HTTP 503) confirmed from eu-west-1 and us-east-1'],
      ledger: ['incident.opened'],
    });
    const [incident] = await w.incidents(monitor.id);
    expect(incident).toMatchObject({
      status: 'open',
      openedAt: iso(T0 + 60_000),
      verification: 'confirmed',
      cause: 'condition',
      primary: { region: EU, result: { status: 503 } },
      verifier: { region: US, outcome: 'confirmed', result: { status: 503, startedAt: iso(T0 + 62_000) } },
      ledger: { opened: 1, resolved: null },
    });
    const [opened] = await w.entries();
    expect(opened!.payload).toMatchObject({
      seq: 1,
      type: 'incident.opened',
      incidentId: incident!.id,
      monitor: { id: monitor.id, name: 'Shop', url: new URL(monitor.url).origin },
      cause: 'condition',
      primary: { region: EU, result: { status: 503, failedConditions: ['[STATUS] (503) == 200'] } },
      verification: { region: US, outcome: 'confirmed', result: { status: 503 } },
    });
    const evidence = JSON.parse((await w.stores.ledger.evidence(opened!.payload['evidence'] as string))!) as Record<string, unknown>;
    expect(evidence).toMatchObject({ incidentId: incident!.id, primary: { result: { bodyExcerpt: 'Service Unavailable' } } });
    expect(w.alerts[0]).toMatchObject({ id: `down:${incident!.id}`, kind: 'down', incident: { ledgerSeq: 1 } });

    // Still down: every check is stored, nothing else happens.
    for (let i = 0; i < 3; i++) {
      w.wait(60);
      for (const region of [EU, US, AP]) await check(region);
    }
    await expectWorld({ status: 'DOWN', incidents: 1, alerts: [w.alerts[0]!.subject], ledger: ['incident.opened'] });

    // 10:12:30 it comes back: two consecutive successes (any regions) resolve.
    w.now = T0 + 12 * 60_000 + 30_000;
    w.probeAll('ok');
    await check(AP);
    await expectWorld({ status: 'DOWN', successes: 1 });
    await check(EU);
    await expectWorld({
      status: 'UP',
      successes: 0,
      failures: {},
      incidents: 1,
      openIncidents: 0,
      ledger: ['incident.opened', 'incident.resolved'],
    });
    const [resolved] = await w.incidents(monitor.id);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: iso(w.now), ledger: { opened: 1, resolved: 2 } });
    expect(w.subjects()[1]).toBe('[CrossCheck] RECOVERED: Shop after 11m 30s');
    const entries = await w.entries();
    expect(entries[1]!.payload).toMatchObject({ seq: 2, type: 'incident.resolved', incidentId: incident!.id, resolvedAt: iso(w.now) });
    expect(entries[1]!.payload.prev).not.toBe(entries[0]!.payload.prev);
  });

  it.each([2, 3])('failureThreshold %i: verification starts only after that many consecutive failures in one region', async (threshold) => {
    const m = makeMonitor({ id: `mon-t${threshold}`, failureThreshold: threshold, regions: [EU, US] });
    await check(EU, m);
    w.probe(EU, 'fail');
    for (let i = 1; i < threshold; i++) {
      await check(EU, m);
      await expectWorld({ status: 'UP', failures: { [EU]: i } }, m);
      expect(await w.takeVerifications()).toEqual([]);
    }
    await check(EU, m);
    await expectWorld({ status: 'VERIFYING', failures: { [EU]: threshold } }, m);
    expect((await w.takeVerifications()).map((d) => d.region)).toEqual([US]);
  });

  it.each([2, 3])('successThreshold %i: that many consecutive successes resolve; a failure in between starts over', async (threshold) => {
    const m = makeMonitor({ id: `mon-s${threshold}`, successThreshold: threshold, regions: [EU, US] });
    w.probeAll('fail');
    await check(EU, m);
    await answerVerifications();
    await expectWorld({ status: 'DOWN', incidents: 1 }, m);
    w.probeAll('ok');
    for (let i = 1; i < threshold; i++) {
      await check(i % 2 === 0 ? EU : US, m);
      await expectWorld({ status: 'DOWN', successes: i }, m);
    }
    w.probe(US, 'fail');
    await check(US, m);
    await expectWorld({ status: 'DOWN', successes: 0, alerts: [w.alerts[0]!.subject] }, m);
    w.probe(US, 'ok');
    for (let i = 1; i <= threshold; i++) await check(EU, m);
    await expectWorld({ status: 'UP', openIncidents: 0, ledger: ['incident.opened', 'incident.resolved'] }, m);
    expect(w.alerts.map((a) => a.kind)).toEqual(['down', 'recovered']);
  });
});

describe('flapping', () => {
  it('a region that fails every other check: anomalies each time, never an incident or alert', async () => {
    for (let i = 0; i < 4; i++) {
      w.wait(60).probe(EU, 'fail');
      await check(EU);
      await answerVerifications();
      await expectWorld({ status: 'UP', incidents: 0, alerts: [] });
      w.wait(60).probe(EU, 'ok');
      await check(EU);
    }
    expect((await w.stores.results.listAnomalies(monitor.id, { limit: 10 })).items).toHaveLength(4);
    await expectWorld({ status: 'UP', ledger: [] });
  });

  it('a service that flaps while down stays down with one incident and one alert', async () => {
    w.probeAll('fail');
    await check(EU);
    await answerVerifications();
    for (let i = 0; i < 3; i++) {
      w.wait(30).probeAll('ok');
      await check(EU);
      w.probeAll('fail');
      await check(US);
    }
    await expectWorld({ status: 'DOWN', successes: 0, incidents: 1, ledger: ['incident.opened'] });
    expect(w.alerts).toHaveLength(1);
  });
});

describe('duplicates and races', () => {
  it('a verification request delivered twice yields one incident, one alert and one ledger entry', async () => {
    w.probeAll('fail');
    await check(EU);
    const [delivery] = await w.takeVerifications();
    const first = await handleVerifyRequest(w.deps, delivery!.request, delivery!.region);
    const second = await handleVerifyRequest(w.deps, delivery!.request, delivery!.region);
    expect([first.applied, second.applied]).toEqual([true, false]);
    expect(second.outcome).toBe('confirmed');
    await expectWorld({ status: 'DOWN', incidents: 1, ledger: ['incident.opened'] });
    expect(w.alerts).toHaveLength(1);
    // Both answers' results are stored.
    const results = await w.stores.results.listResults(monitor.id, { limit: 50, region: US });
    expect(results.items.filter((r) => r.kind === 'verification')).toHaveLength(2);
  });

  it('two verifiers racing on the same request: exactly one applies', async () => {
    w.probeAll('fail');
    await check(EU);
    const [delivery] = await w.takeVerifications();
    const answers = await Promise.all([
      handleVerifyRequest(w.deps, delivery!.request, US),
      handleVerifyRequest(w.deps, delivery!.request, US),
    ]);
    expect(answers.map((a) => a.applied).sort()).toEqual([false, true]);
    await expectWorld({ status: 'DOWN', incidents: 1, ledger: ['incident.opened'] });
    expect(w.alerts).toHaveLength(1);
  });

  it('two regions answering at once, one confirming and one refuting: exactly one outcome wins', async () => {
    w.probeAll('fail').probe(AP, 'ok');
    await check(EU);
    const [delivery] = await w.takeVerifications();
    const answers = await Promise.all([handleVerifyRequest(w.deps, delivery!.request, US), handleVerifyRequest(w.deps, delivery!.request, AP)]);
    expect(answers.filter((a) => a.applied)).toHaveLength(1);
    const incidents = await w.incidents(monitor.id);
    const anomalies = (await w.stores.results.listAnomalies(monitor.id, { limit: 10 })).items;
    expect(incidents.length + anomalies.length).toBe(1);
    expect(w.alerts).toHaveLength(incidents.length);
  });

  it('a check job delivered twice while DOWN changes nothing, and a steady UP check writes nothing', async () => {
    await check(EU);
    const version = (await w.state(monitor.id))!.version;
    await check(US);
    await check(EU);
    expect((await w.state(monitor.id))!.version).toBe(version);

    w.probeAll('fail');
    await check(EU);
    await answerVerifications();
    const job = w.job(monitor, US);
    await handleCheckJob(w.deps, job);
    const downVersion = (await w.state(monitor.id))!.version;
    const again = await handleCheckJob(w.deps, job);
    expect(again).toMatchObject({ status: 'checked', changed: false });
    expect((await w.state(monitor.id))!.version).toBe(downVersion);
    await expectWorld({ status: 'DOWN', incidents: 1, ledger: ['incident.opened'] });
    expect(w.alerts).toHaveLength(1);
  });
});

describe('crash between the state write and its effects', () => {
  function crashingOnce<T extends keyof ServiceDeps>(key: T, method: string): () => number {
    const target = w.deps[key] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const original = target[method]!.bind(target);
    let calls = 0;
    target[method] = async (...args: unknown[]) => {
      calls++;
      if (calls === 1) throw new CrossCheckError('simulated crash');
      return original(...args);
    };
    return () => calls;
  }

  it('the redelivered verification completes the incident, ledger entry and alert, once', async () => {
    w.probeAll('fail');
    await check(EU);
    const [delivery] = await w.takeVerifications();
    crashingOnce('ledgerWriter', 'append');
    await expect(handleVerifyRequest(w.deps, delivery!.request, US)).rejects.toThrow('simulated crash');
    // The transition is stored with its pending effects; nothing else happened yet.
    const crashed = await w.state(monitor.id);
    expect(crashed).toMatchObject({ status: 'DOWN', pendingEffects: [expect.objectContaining({ type: 'openIncident' })] });
    expect(await w.incidents(monitor.id)).toHaveLength(0);
    expect(w.alerts).toHaveLength(0);

    const redelivered = await handleVerifyRequest(w.deps, delivery!.request, US);
    expect(redelivered.applied).toBe(false);
    await expectWorld({ status: 'DOWN', incidents: 1, ledger: ['incident.opened'] });
    expect(w.alerts).toHaveLength(1);
    // The evidence is the first answer's, not the redelivery's.
    const [incident] = await w.incidents(monitor.id);
    expect(incident!.verifier!.result.success).toBe(false);
  });

  it('the next check from any region completes a resolution the crashed one left', async () => {
    w.probeAll('fail');
    await check(EU);
    await answerVerifications();
    w.wait(60).probeAll('ok');
    await check(EU);
    crashingOnce('notifier', 'send');
    await expect(check(US)).rejects.toThrow(/claimed but could not be delivered/);
    expect(await w.state(monitor.id)).toMatchObject({ status: 'UP', pendingEffects: [expect.objectContaining({ type: 'resolveIncident' })] });
    await check(AP);
    await expectWorld({ status: 'UP', openIncidents: 0, ledger: ['incident.opened', 'incident.resolved'] });
    // The RECOVERED alert was claimed before the crash: it is not sent twice.
    expect(w.alerts.map((a) => a.kind)).toEqual(['down']);
  });

  it('a verification request that could not be sent goes out with the next check', async () => {
    w.probeAll('fail');
    crashingOnce('verify', 'send');
    await expect(check(EU)).rejects.toThrow('simulated crash');
    expect(await w.takeVerifications()).toEqual([]);
    await check(US);
    const delivered = await w.takeVerifications();
    expect(delivered.map((d) => [d.region, d.request.fromRegion])).toEqual([[US, EU]]);
  });
});

describe('verifier unreachable', () => {
  it('one region unreachable: the next region verifies', async () => {
    w.unavailable.add(US);
    w.probeAll('fail');
    await check(EU);
    const delivered = await w.takeVerifications();
    expect(delivered.map((d) => d.region)).toEqual([AP]);
    expect(delivered[0]!.request.tried).toEqual([US]);
    expect((await w.state(monitor.id))!.verification).toMatchObject({ targetRegion: AP, tried: [US, AP] });
    await handleVerifyRequest(w.deps, delivered[0]!.request, AP);
    await expectWorld({ status: 'DOWN', alerts: ['[CrossCheck] DOWN: Shop (HTTP 503) confirmed from eu-west-1 and ap-south-1'] });
  });

  it('every other region unreachable: no incident until the failure persists another round, then "unavailable"', async () => {
    w.unavailable.add(US).add(AP);
    w.probeAll('fail');
    await check(EU);
    await expectWorld({ status: 'VERIFYING', incidents: 0, alerts: [] });
    expect((await w.state(monitor.id))!.verification).toMatchObject({ targetRegion: null, tried: [US, AP], unavailableSince: iso(w.now) });
    expect(await w.takeVerifications()).toEqual([]);

    w.wait(60);
    await check(EU);
    await expectWorld({
      status: 'DOWN',
      incidents: 1,
      alerts: ['[CrossCheck] DOWN: Shop (HTTP 503) seen from eu-west-1; no other region could verify'],
      ledger: ['incident.opened'],
    });
    const [incident] = await w.incidents(monitor.id);
    expect(incident).toMatchObject({ verification: 'unavailable', verifier: null, openedAt: iso(T0) });
    const [entry] = await w.entries();
    expect(entry!.payload).toMatchObject({ verification: { region: null, result: null, outcome: 'unavailable' } });
  });

  it('every other region unreachable, then a success: back UP without an incident', async () => {
    w.unavailable.add(US).add(AP);
    w.probe(EU, 'fail');
    await check(EU);
    w.wait(60).probe(EU, 'ok');
    await check(EU);
    await expectWorld({ status: 'UP', incidents: 0, alerts: [], ledger: [] });
  });
});

describe('certificate warnings', () => {
  it('cross 30 -> 14 -> 7 days: one alert per threshold, whichever region sees it', async () => {
    const seen: number[] = [];
    for (const [daysLeft, region] of [
      [40, EU], [31, US], [30, EU], [30, US], [29, AP], [14, US], [13, EU], [8, EU], [7, AP], [6, US], [5, EU],
    ] as const) {
      w.wait(86_400).probe(region, (r, now) => passingResult(r, now, { tls: tlsFacts(daysLeft) }));
      await check(region);
      seen.push(w.alerts.length);
    }
    expect(seen).toEqual([0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(w.subjects()).toEqual([
      '[CrossCheck] Certificate for Shop expires in 30 days',
      '[CrossCheck] Certificate for Shop expires in 14 days',
      '[CrossCheck] Certificate for Shop expires in 7 days',
    ]);
    expect(w.alerts.map((a) => a.id)).toEqual([30, 14, 7].map((d) => `certificate:${monitor.id}:AA:BB:CC:${d}`));
    expect((await w.state(monitor.id))!.certWarnings).toEqual({ fingerprint256: 'AA:BB:CC', sentDays: [30, 14, 7] });
    await expectWorld({ status: 'UP', ledger: [] });
  });
});

describe('maintenance windows', () => {
  it('an outage inside a window is recorded (incident, ledger) but alerts nobody, nor does its recovery', async () => {
    const m = makeMonitor({ id: 'mon-maint', regions: [], maintenance: [{ start: iso(T0), end: iso(T0 + HOUR), reason: 'upgrade' }] });
    w.probeAll('fail');
    await check(EU, m);
    await answerVerifications();
    await expectWorld({ status: 'DOWN', incidents: 1, alerts: [], ledger: ['incident.opened'] }, m);
    w.wait(3600).probeAll('ok');
    await check(EU, m);
    await check(US, m);
    await expectWorld({ status: 'UP', openIncidents: 0, alerts: [], ledger: ['incident.opened', 'incident.resolved'] }, m);
  });

  it('alerts again once the window is over', async () => {
    const m = makeMonitor({ id: 'mon-after', regions: [], maintenance: [{ days: ['sat'], at: '09:00', durationMinutes: 30 }] });
    w.probeAll('fail');
    await check(EU, m);
    await answerVerifications();
    expect(w.alerts.map((a) => a.kind)).toEqual(['down']);
  });
});

describe('scheduleDueChecks', () => {
  it('sends the minute\'s jobs to each region\'s queue with their delays; paused monitors get none', async () => {
    await w.stores.monitors.create(makeMonitor({ id: 'fast', intervalSeconds: 15, regions: [EU, US] }));
    await w.stores.monitors.create(makeMonitor({ id: 'slow', intervalSeconds: 60, regions: [] }));
    await w.stores.monitors.create(makeMonitor({ id: 'off', paused: true }));
    // Delays are skipped by handing the jobs over as they arrive: nothing waits in this test.
    const sent: { region: string; delay: number; monitorId: string }[] = [];
    const deps = {
      ...w.deps,
      jobs: {
        send: async (jobs: readonly { job: { region: string; monitor: Monitor }; delaySeconds: number }[]) => {
          for (const { job, delaySeconds } of jobs) sent.push({ region: job.region, delay: delaySeconds, monitorId: job.monitor.id });
          await w.deps.jobs.send(jobs.map((j) => ({ ...j, delaySeconds: 0 })) as never);
        },
      },
    };
    expect(await scheduleDueChecks(deps, T0)).toEqual({ jobs: 4 * 2 + 3 });
    await w.settleQueues();
    expect(w.jobInbox).toHaveLength(11);
    expect(sent.filter((s) => s.monitorId === 'fast').map((s) => s.region).sort()).toEqual([EU, EU, EU, EU, US, US, US, US]);
    expect(sent.filter((s) => s.monitorId === 'slow').map((s) => s.region)).toEqual([EU, US, AP]);
    expect(sent.some((s) => s.monitorId === 'off')).toBe(false);
    expect(sent.every((s) => s.delay >= 0 && s.delay < 60)).toBe(true);
  });

  it('a job for a paused monitor is a no-op', async () => {
    const paused = makeMonitor({ paused: true });
    expect(await check(EU, paused)).toEqual({ status: 'skipped', reason: 'paused' });
    expect(w.probes.size).toBe(0);
    expect(await w.state(paused.id)).toBeNull();
  });
});

describe('runCheckNow', () => {
  it('checks from every region, stores manual results, and leaves state and rollups alone', async () => {
    w.probe(US, 'fail');
    const results = await runCheckNow(w.deps, monitor);
    expect(results.map((r) => [r.region, r.kind, r.success])).toEqual([
      [EU, 'manual', true],
      [US, 'manual', false],
      [AP, 'manual', true],
    ]);
    expect(await w.state(monitor.id)).toBeNull();
    expect(await w.stores.results.listRollups(monitor.id, T0 - HOUR, T0 + HOUR)).toEqual([]);
    expect((await w.stores.results.listResults(monitor.id, { limit: 10 })).items).toHaveLength(3);
    expect(await w.takeVerifications()).toEqual([]);
  });

  it('uses the monitor\'s own regions when it has them', async () => {
    const results = await runCheckNow(w.deps, makeMonitor({ regions: [AP] }));
    expect(results.map((r) => r.region)).toEqual([AP]);
  });
});

describe('results and rollups', () => {
  it('stores every result and rolls it up in its region and hour, whatever the state', async () => {
    w.probe(EU, (r, now) => passingResult(r, now, { timings: { dns: 1, connect: 1, tls: 1, ttfb: 100, total: 120 } }));
    await check(EU);
    await check(EU);
    w.probe(US, (r, now) => failingResult(r, now, 'timeout'));
    await check(US);
    await answerVerifications();
    w.wait(3600);
    await check(EU);
    const rollups = await w.stores.results.listRollups(monitor.id, T0, T0 + 2 * HOUR);
    expect(rollups.map((r) => [r.region, r.hour, r.checks, r.failures])).toEqual(
      expect.arrayContaining([
        [EU, T0, 2, 0],
        [US, T0, 1, 1],
        [AP, T0, 1, 0],
        [EU, T0 + HOUR, 1, 0],
      ]),
    );
    const eu = rollups.find((r) => r.region === EU && r.hour === T0)!;
    expect(eu).toMatchObject({ latencySumMs: 240, histogram: { [bucketOf(120)]: 2 } });
    // The AP row is the verification of the US timeout: a check like any other.
    const stored = await w.stores.results.listResults(monitor.id, { limit: 10, region: AP });
    expect(stored.items.map((r) => r.kind)).toEqual(['verification']);
  });
});

it('the failing result that started a verification carries the original check, not a copy from elsewhere', async () => {
  w.probe(EU, (r, now) => failingResult(r, now, 'connect'));
  await check(EU);
  const [delivery] = await w.takeVerifications();
  expect(delivery!.request.primary).toMatchObject({ region: EU, cause: 'connect', error: expect.stringContaining('ECONNREFUSED') });
  expect(delivery!.request.monitor).toEqual(monitor);
  expect(delivery!.request.requestedAt).toBe(iso(T0));
});
