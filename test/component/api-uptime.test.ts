/**
 * Uptime is verified availability, everywhere: a failure one region saw and another
 * refuted (an anomaly) leaves uptime at 100% on every route that shows it, while a
 * confirmed incident lowers it by exactly its downtime over the observed time, the
 * same figure the offline ledger SLA derives. Incidents and anomalies are made by the
 * real services over the API harness's stores; only the prober is scripted.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedLedgerPayload } from '../../functions/core/ledger/index.ts';
import { monitorTarget } from '../../functions/core/monitor-types/target.ts';
import { computeSla } from '../../functions/audit/sla.ts';
import { StatsSchema } from '../../functions/api/schemas/monitors.ts';
import { StatusDetailSchema, StatusSchema } from '../../functions/api/schemas/status.ts';
import { failingResult, passingResult } from '../helpers/fixtures.ts';
import { openApiHarness, REGIONS, type ApiHarness } from './api-harness.ts';
import { pipelineOver, type ApiPipeline } from './api-pipeline.ts';

const CREATED = Date.parse('2026-11-21T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const [A, B] = REGIONS;

let api: ApiHarness;
let pipeline: ApiPipeline;
let monitorId: string;
const outcome = new Map<string, 'ok' | 'fail'>();

beforeAll(async () => {
  api = await openApiHarness({ now: CREATED });
  pipeline = pipelineOver(api, {
    run: async (definition, region) => {
      const at = api.clock.now();
      return { ...(outcome.get(region) === 'fail' ? failingResult(region, at) : passingResult(region, at)), url: monitorTarget(definition) };
    },
  });
  const created = await api.call('POST', '/v1/monitors', { body: { name: 'shop', url: 'https://shop.example.test/health', conditions: ['[STATUS] == 200'] } });
  expect(created.status).toBe(201);
  monitorId = created.json().id;
});
afterAll(async () => {
  await api.close();
});

async function round(a: 'ok' | 'fail', b: 'ok' | 'fail'): Promise<void> {
  outcome.set(A, a).set(B, b);
  await pipeline.check(monitorId, A);
  await pipeline.check(monitorId, B);
  await pipeline.verifyPending();
}

/** Every figure named uptime that the API shows for the monitor over 24h, and the check-based ratio. */
async function figures() {
  const stats = StatsSchema.parse((await api.call('GET', `/v1/monitors/${monitorId}/stats?window=24h`)).json());
  const status = StatusSchema.parse((await api.call('GET', '/v1/status', { token: null })).json());
  const detail = StatusDetailSchema.parse((await api.call('GET', `/v1/status/${monitorId}`, { token: null })).json());
  const badge = (await api.call('GET', `/badges/${monitorId}/uptime.svg?window=24h`, { token: null })).text;
  return {
    stats,
    uptimes: [stats.uptime, status.monitors[0]!.uptime['24h'], status.monitors[0]!.uptime['30d'], detail.uptime['24h'], detail.uptime['90d'], detail.daily.at(-1)!.uptime],
    today: detail.daily.at(-1)!,
    badge: /<title>uptime 24h: ([^<]+)<\/title>/.exec(badge)![1],
  };
}

describe('uptime is verified availability', () => {
  it('single-region blips refuted by the other region do not lower it', async () => {
    api.clock.set(CREATED + HOUR);
    await round('ok', 'ok');
    for (let i = 0; i < 3; i++) {
      api.clock.advance(10 * MINUTE);
      await round('fail', 'ok'); // A fails, B is asked to verify and refutes
    }
    api.clock.set(CREATED + 6 * HOUR);

    const { stats, uptimes, today, badge } = await figures();
    // 8 scheduled checks and 3 verification checks; the 3 failures were refuted.
    expect(stats).toMatchObject({ checks: 11, failures: 3, anomalies: 3, incidents: 0, downtimeSeconds: 0, observedSeconds: 6 * 3600, mttrSeconds: null });
    expect(stats.checkSuccessRatio).toBeCloseTo(8 / 11, 12);
    expect(uptimes).toEqual([1, 1, 1, 1, 1, 1]);
    expect(today).toMatchObject({ date: '2026-11-21', uptime: 1, checks: 11, failures: 3 });
    expect(badge).toBe('100%');
    expect((await api.stores.incidents.list({ monitorId, limit: 10 })).items).toEqual([]);
  });

  it('a confirmed incident lowers it by its downtime over the observed time, as the ledger SLA says', async () => {
    api.clock.set(CREATED + 6 * HOUR);
    await round('fail', 'fail'); // A fails, B confirms: an incident
    const [opened] = (await api.stores.incidents.list({ monitorId, limit: 10 })).items;
    expect(opened).toMatchObject({ status: 'open', verification: 'confirmed' });
    api.clock.advance(30 * MINUTE);
    await round('ok', 'ok');
    api.clock.advance(MINUTE);
    await round('ok', 'ok');
    const [incident] = (await api.stores.incidents.list({ monitorId, limit: 10 })).items;
    expect(incident).toMatchObject({ id: opened!.id, status: 'resolved' });
    api.clock.set(CREATED + 8 * HOUR);

    const downMs = Date.parse(incident!.resolvedAt!) - Date.parse(incident!.openedAt);
    expect(downMs).toBeGreaterThanOrEqual(30 * MINUTE);
    const expected = 1 - downMs / (8 * HOUR);
    const { stats, uptimes, badge } = await figures();
    expect(stats).toMatchObject({ anomalies: 3, incidents: 1, downtimeSeconds: downMs / 1000, observedSeconds: 8 * 3600, mttrSeconds: downMs / 1000 });
    for (const uptime of uptimes) expect(uptime).toBeCloseTo(expected, 12);
    expect(expected).toBeLessThan(1);
    expect(badge).toBe(`${(Math.floor(expected * 10_000) / 100).toFixed(2)}%`);

    // The offline SLA from the signed entries alone gives the same figure.
    const entries = (await api.call('GET', '/v1/ledger', { token: null })).json().entries as Array<{ jws: string }>;
    const sla = computeSla(entries.map((e) => decodeJwt(e.jws) as unknown as ParsedLedgerPayload), { until: api.clock.now() });
    expect(sla.monitors).toEqual([expect.objectContaining({ monitorId, incidents: 1, downtimeMs: downMs, observedMs: 8 * HOUR })]);
    expect(sla.monitors[0]!.uptimeRatio).toBeCloseTo(expected, 12);
  });
});
