/**
 * Contract tests for the public incident and ledger routes, with an incident made the
 * real way: the real services check a loopback target from one region, ask the other
 * region to verify, open the incident with a signed ledger entry, and resolve it after
 * the target heals. Entries are then verified with jose against the served JWKS, as any
 * auditor would, and on the server through /verify.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compactVerify, createLocalJWKSet, decodeJwt, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalSigner } from '../../functions/adapters/local/signer.ts';
import { prevOf } from '../../functions/core/ledger/index.ts';
import type { Monitor } from '../../functions/core/monitor.ts';
import { LOCAL_POLICY, runCheck } from '../../functions/engine/index.ts';
import type { Alert } from '../../functions/core/alert.ts';
import { IncidentDetailSchema, IncidentPageSchema, IncidentVerificationSchema, JwksSchema, LedgerPageSchema } from '../../functions/api/schemas/incidents.ts';
import { ProblemSchema } from '../../functions/api/schemas/common.ts';
import { openApiHarness, type ApiHarness } from './api-harness.ts';
import { pipelineOver, type ApiPipeline } from './api-pipeline.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let api: ApiHarness;
let target: Server;
let targetUrl: string;
let broken = false;
let pipeline: ApiPipeline;
let alerts: Alert[];
let monitor: Monitor;
let incidentId: string;
const SECRET_HEADER = 'Bearer target-secret-value';

async function check(region: string): Promise<void> {
  await pipeline.check(monitor.id, region);
}

beforeAll(async () => {
  target = createServer((req, res) => {
    res.writeHead(broken ? 503 : 200, { 'content-type': 'text/plain' }).end(broken ? 'down for maintenance' : 'ok');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/health`;

  api = await openApiHarness({ now: Date.now() });
  pipeline = pipelineOver(api, { run: (definition, region) => runCheck(definition, { region, policy: LOCAL_POLICY }) });
  alerts = pipeline.alerts;

  const created = await api.call('POST', '/v1/monitors', { body: { name: 'payments', url: targetUrl, headers: { Authorization: SECRET_HEADER }, conditions: ['[STATUS] == 200'] } });
  expect(created.status).toBe(201);
  monitor = created.json();

  await check('local-a');
  await check('local-b');
  broken = true;
  api.clock.advance(60_000);
  await check('local-a');
  expect(pipeline.pendingRegions()).toEqual(['local-b']);
  await pipeline.verifyPending();
  const open = (await api.stores.incidents.list({ monitorId: monitor.id, limit: 10 })).items;
  expect(open).toHaveLength(1);
  incidentId = open[0]!.id;
});

afterAll(async () => {
  await api?.close();
  await new Promise<void>((resolve) => target?.close(() => resolve()));
});

async function jwks(): Promise<JSONWebKeySet> {
  const res = await api.call('GET', '/.well-known/jwks.json');
  return JwksSchema.parse(res.json()) as JSONWebKeySet;
}

describe('an open incident', () => {
  it('is listed, newest first, publicly (no token needed)', async () => {
    const res = await api.call('GET', '/v1/incidents', { token: null });
    expect(res.status).toBe(200);
    const page = IncidentPageSchema.parse(res.json());
    expect(page.items.map((i) => i.id)).toEqual([incidentId]);
    expect(page.items[0]).toMatchObject({ monitorId: monitor.id, monitorName: 'payments', status: 'open', resolvedAt: null, cause: 'condition', verification: 'confirmed' });
    expect(page.items[0]!.primary).toMatchObject({ region: 'local-a', result: { status: 503, failedConditions: ['[STATUS] (503) == 200'] } });
    expect(page.items[0]!.verifier).toMatchObject({ region: 'local-b', outcome: 'confirmed' });
  });

  it('never shows the monitor URL, its headers or the response body on public routes', async () => {
    for (const path of ['/v1/incidents', `/v1/incidents/${incidentId}`, `/v1/incidents/${incidentId}/verify`, '/v1/status', `/v1/status/${monitor.id}`, `/badges/${monitor.id}/status.svg`, `/badges/${monitor.id}/uptime.svg`]) {
      const res = await api.call('GET', path, { token: null });
      expect(res.status, path).toBe(200);
      expect(res.text, path).not.toContain('127.0.0.1');
      expect(res.text, path).not.toContain(SECRET_HEADER);
      expect(res.text, path).not.toContain('down for maintenance');
    }
  });

  it('filters by monitor and status', async () => {
    const cases: Array<[string, string[]]> = [
      [`?monitorId=${monitor.id}`, [incidentId]],
      ['?monitorId=other', []],
      ['?status=open', [incidentId]],
      ['?status=resolved', []],
    ];
    for (const [query, ids] of cases) {
      const page = (await api.call('GET', `/v1/incidents${query}`)).json();
      expect(page.items.map((i: { id: string }) => i.id), query).toEqual(ids);
    }
  });

  it('moves the monitor to DOWN and shows on the status page', async () => {
    expect((await api.call('GET', `/v1/monitors/${monitor.id}`)).json().state).toBe('DOWN');
    const status = (await api.call('GET', '/v1/status', { token: null })).json();
    expect(status.monitors).toEqual([
      expect.objectContaining({ id: monitor.id, name: 'payments', state: 'DOWN', openIncident: { id: incidentId, openedAt: expect.any(String), cause: 'condition' } }),
    ]);
    expect(alerts.map((a) => a.kind)).toEqual(['down']);
  });

  it('comes with its signed incident.opened entry, which jose verifies against the served JWKS', async () => {
    const res = await api.call('GET', `/v1/incidents/${incidentId}`, { token: null });
    const detail = IncidentDetailSchema.parse(res.json());
    expect(detail.entries).toHaveLength(1);
    const keys = createLocalJWKSet(await jwks());
    const { payload, protectedHeader } = await compactVerify(detail.entries[0]!.jws, keys, { algorithms: ['ES256'] });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: api.signer.kid });
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ seq: detail.ledger.opened, type: 'incident.opened', incidentId, cause: 'condition' });
  });

  it('verifies on the server', async () => {
    const res = await api.call('GET', `/v1/incidents/${incidentId}/verify`, { token: null });
    const report = IncidentVerificationSchema.parse(res.json());
    expect(report.valid).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['incident.opened', expect.stringMatching(/^signature \(seq \d+\)$/), expect.stringMatching(/^chain \(seq \d+\)$/)]));
    expect(report.checks.every((c) => c.ok)).toBe(true);
  });
});

describe('after the target heals', () => {
  beforeAll(async () => {
    broken = false;
    api.clock.advance(60_000);
    await check('local-a');
    await check('local-b');
    await check('local-a');
  });

  it('the incident is resolved, with both entries, chained', async () => {
    const detail = IncidentDetailSchema.parse((await api.call('GET', `/v1/incidents/${incidentId}`)).json());
    expect(detail.status).toBe('resolved');
    expect(detail.resolvedAt).not.toBeNull();
    expect(detail.entries.map((e) => decodeJwt(e.jws)['type'])).toEqual(['incident.opened', 'incident.resolved']);
    expect(detail.entries.map((e) => e.seq)).toEqual([detail.ledger.opened, detail.ledger.resolved]);
    expect((await api.call('GET', `/v1/monitors/${monitor.id}`)).json().state).toBe('UP');
    expect(alerts.map((a) => a.kind)).toEqual(['down', 'recovered']);

    const report = (await api.call('GET', `/v1/incidents/${incidentId}/verify`)).json();
    expect(report.valid).toBe(true);
    expect(report.checks).toEqual(expect.arrayContaining([{ name: 'incident.resolved', ok: true, detail: expect.any(String) }]));
  });

  it('the whole ledger pages in order, each prev the SHA-256 of the entry before', async () => {
    const all: Array<{ seq: number; jws: string }> = [];
    let after = 0;
    let head: number | null = null;
    do {
      const res = await api.call('GET', `/v1/ledger?after=${after}&limit=1`, { token: null });
      const page = LedgerPageSchema.parse(res.json());
      head = page.head;
      all.push(...page.entries);
      after = page.entries.at(-1)?.seq ?? after;
      if (page.entries.length === 0) break;
    } while (head !== null && after < head);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: head! }, (_, i) => i + 1));
    expect(all.map((e) => decodeJwt(e.jws)['type'])).toEqual(['monitor.created', 'incident.opened', 'incident.resolved']);
    for (let i = 1; i < all.length; i++) expect(decodeJwt(all[i]!.jws)['prev']).toBe(prevOf(all[i - 1]!.jws));
  });

  it('the stats count the incident and its recovery time', async () => {
    const stats = (await api.call('GET', `/v1/monitors/${monitor.id}/stats?window=24h`)).json();
    expect(stats).toMatchObject({ incidents: 1, failures: 2 });
    expect(stats.mttrSeconds).toBeGreaterThanOrEqual(60);
    expect(stats.regions.map((r: { region: string }) => r.region)).toEqual(['local-a', 'local-b']);
  });
});

describe('bad requests on public routes', () => {
  it.each([
    ['/v1/incidents?status=closed', 'status', 'must be open or resolved'],
    ['/v1/incidents?limit=1000', 'limit', 'must be an integer from 1 to 100'],
    ['/v1/incidents?cursor=%%%', 'cursor', 'is not a cursor this listing returned'],
    ['/v1/ledger?after=-1', 'after', 'must be an integer >= 0'],
    ['/v1/ledger?after=x', 'after', 'must be an integer >= 0'],
    ['/v1/ledger?limit=0', 'limit', 'must be an integer from 1 to 1000'],
    ['/v1/ledger?limit=1001', 'limit', 'must be an integer from 1 to 1000'],
  ])('%s: 400 naming %s', async (path, field, message) => {
    const res = await api.call('GET', path, { token: null });
    expect(res.status).toBe(400);
    expect(ProblemSchema.parse(res.json()).errors).toEqual([{ path: field, message }]);
  });

  it.each(['/v1/incidents/nope', '/v1/incidents/nope/verify'])('%s: 404', async (path) => {
    const res = await api.call('GET', path, { token: null });
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, detail: 'incident nope does not exist' });
  });

  it('an empty page past the head', async () => {
    const page = (await api.call('GET', '/v1/ledger?after=1000')).json();
    expect(page).toEqual({ entries: [], head: 3 });
  });
});

describe('the keys', () => {
  it('are a cacheable JWK set of one P-256 ES256 signing key', async () => {
    const res = await api.call('GET', '/.well-known/jwks.json', { token: null });
    expect(res.headers['content-type']).toBe('application/jwk-set+json');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.json()).toEqual({ keys: [await api.signer.publicJwk()] });
  });

  it('verification on the server fails, naming the entry, when the served key is not the signing key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crosscheck-other-key-'));
    try {
      const other = await openLocalSigner(dir, { ledgerHasEntries: false });
      const wrong = await openApiHarness({ override: () => ({ ...api.deps, signer: other }) });
      try {
        const report = (await wrong.call('GET', `/v1/incidents/${incidentId}/verify`)).json();
        expect(report.valid).toBe(false);
        expect(report.checks).toEqual(expect.arrayContaining([expect.objectContaining({ name: expect.stringMatching(/^signature \(seq \d+\)$/), ok: false })]));
      } finally {
        await wrong.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
