/**
 * Public data holds no secrets of a monitor: its URL's query (where tokens ride),
 * userinfo, headers, body and the addresses its host resolved to appear on no public
 * route and in no signed ledger payload. The incident is made the real way: the real
 * engine checks a loopback target that starts redirecting to itself (so the probe's
 * error text quotes the full URL), the services verify it from the other region, open
 * it with a signed entry and resolve it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../functions/api/create-api.ts';
import { LOCAL_POLICY, runCheck } from '../../functions/engine/index.ts';
import { openApiHarness, REGIONS, type ApiHarness } from './api-harness.ts';
import { pipelineOver, type ApiPipeline } from './api-pipeline.ts';

const SECRET = 'secret';
const HEADER_VALUE = 'Bearer hdr-value-9f3a';
const BODY_VALUE = 'request-body-7c1e';
const [A, B] = REGIONS;

let api: ApiHarness;
let pipeline: ApiPipeline;
let target: Server;
let base: string;
let looping = false;
let monitorId: string;
let incidentId: string;

beforeAll(async () => {
  target = createServer((req, res) => {
    // Broken: redirects to itself, query and all, so the probe reports a redirect loop naming the URL.
    if (looping) res.writeHead(302, { location: req.url ?? '/' }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;

  api = await openApiHarness({ now: Date.now() });
  pipeline = pipelineOver(api, { run: (definition, region) => runCheck(definition, { region, policy: LOCAL_POLICY }) });
  const created = await api.call('POST', '/v1/monitors', {
    body: { name: 'payments', url: `${base}/health?token=${SECRET}`, method: 'POST', headers: { Authorization: HEADER_VALUE }, body: BODY_VALUE, conditions: ['[STATUS] == 200'] },
  });
  expect(created.status).toBe(201);
  monitorId = created.json().id;

  await pipeline.check(monitorId, A);
  await pipeline.check(monitorId, B);
  looping = true;
  api.clock.advance(60_000);
  await pipeline.check(monitorId, A);
  await pipeline.verifyPending();
  const [incident] = (await api.stores.incidents.list({ monitorId, limit: 10 })).items;
  expect(incident).toMatchObject({ status: 'open', verification: 'confirmed', cause: 'http' });
  incidentId = incident!.id;
  // A status page shows the monitor and the incident, with an operator's update.
  expect((await api.call('POST', '/v1/status-pages', { body: { slug: 'public', title: 'Public', groups: [{ name: 'all', monitors: [{ monitorId }] }] } })).status).toBe(201);
  expect((await api.call('POST', `/v1/incidents/${incidentId}/updates`, { body: { status: 'identified', message: 'A redirect loop.' } })).status).toBe(201);
  // The failure really carried the secret: the probe's error quotes the whole URL.
  expect(incident!.primary.result.error).toContain(`?token=${SECRET}`);

  looping = false;
  api.clock.advance(60_000);
  await pipeline.check(monitorId, A);
  await pipeline.check(monitorId, B);
  expect((await api.stores.incidents.get(incidentId))?.status).toBe('resolved');
});
afterAll(async () => {
  await api?.close();
  await new Promise<void>((resolve) => target?.close(() => resolve()));
});

/** Every public GET route of the API, its path parameters filled with the monitor's and the incident's ids. */
function publicPaths(): string[] {
  return apiRoutes(api.deps)
    // Agent-token routes are not public: api-agents.test.ts shows they open nothing without an agent's token.
    .filter((route) => !route.auth && !route.agentToken && route.method === 'GET')
    .map((route) =>
      route.path
        .replace('{id}', route.path.startsWith('/v1/incidents/') ? incidentId : monitorId)
        .replace('{file+}', 'app.js')
        .replace('{slug}', 'public'),
    )
    // The transparency log's routes: the entry bundle of all three entries, entry 1's proof, a consistency proof; a badge of no kind.
    .map((path) => path.replace('{path+}', path.startsWith('/ledger/') ? 'entries/000.p/3' : 'unknown.svg').replace('{seq}', '1').replace(/consistency$/, 'consistency?from=1').replace(/\/sla$/, `/sla?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`));
}

async function ledgerPayloads(): Promise<Array<Record<string, any>>> {
  const res = await api.call('GET', '/v1/ledger', { token: null });
  return (res.json().entries as Array<{ jws: string }>).map((e) => decodeJwt(e.jws));
}

describe('public data', () => {
  it('no public route shows the URL secret, the headers, the body or the resolved address', async () => {
    const paths = publicPaths();
    expect(paths).toEqual(
      expect.arrayContaining(['/v1/status', `/v1/status/${monitorId}`, '/v1/incidents', `/v1/incidents/${incidentId}`, `/v1/incidents/${incidentId}/verify`, '/v1/ledger', `/badges/${monitorId}/uptime.svg`]),
    );
    for (const path of paths) {
      const res = await api.call('GET', path, { token: null });
      // An unknown badge is still an image, with status 404.
      expect(res.status, path).toBe(path.endsWith('/unknown.svg') ? 404 : 200);
      // The OpenAPI document is built from the routes alone; it names the webhook `secret` field, so it is held to the token itself.
      const leaks = path === '/openapi.json' ? [`token=${SECRET}`, HEADER_VALUE, BODY_VALUE] : [SECRET, HEADER_VALUE, BODY_VALUE];
      for (const leak of leaks) expect(res.text, `${path} shows ${leak}`).not.toContain(leak);
    }
    // The incident's results carry no remote address (the monitor's host is public, its resolved address is not).
    const detail = (await api.call('GET', `/v1/incidents/${incidentId}`, { token: null })).json();
    expect(detail.primary.result).not.toHaveProperty('remoteIp');
    expect(detail.primary.result.error).toBe(`http: redirect loop at ${base}`);
  });

  it('no signed payload holds the URL secret or a remote address; incident.opened names the reduced URL', async () => {
    const payloads = await ledgerPayloads();
    expect(payloads.map((p) => p['type'])).toEqual(['monitor.created', 'incident.opened', 'incident.updated', 'incident.resolved']);
    for (const payload of payloads) {
      const text = JSON.stringify(payload);
      for (const leak of [SECRET, HEADER_VALUE, BODY_VALUE, 'remoteIp']) expect(text, `${payload['type']} holds ${leak}`).not.toContain(leak);
    }
    const opened = payloads.find((p) => p['type'] === 'incident.opened')!;
    expect(opened['monitor']).toEqual({ id: monitorId, name: 'payments', url: base });
    expect(opened['primary'].result.error).toBe(`http: redirect loop at ${base}`);
    expect(opened['verification']).toMatchObject({ region: B, outcome: 'confirmed', result: { error: `http: redirect loop at ${base}` } });

    // The entries served with the incident are the same ones.
    const detail = (await api.call('GET', `/v1/incidents/${incidentId}`, { token: null })).json();
    for (const entry of detail.entries as Array<{ jws: string }>) expect(JSON.stringify(decodeJwt(entry.jws))).not.toContain(SECRET);
  });

  it('the evidence document, which is not public, keeps the full URL; its hash in the entry still verifies', async () => {
    const opened = (await ledgerPayloads()).find((p) => p['type'] === 'incident.opened')!;
    const evidence = JSON.parse((await api.stores.ledger.evidence(opened['evidence']))!);
    expect(evidence.monitor.url).toBe(`${base}/health?token=${SECRET}`);
    expect(evidence.primary.result.remoteIp).toBe('127.0.0.1');
    const report = (await api.call('GET', `/v1/incidents/${incidentId}/verify`, { token: null })).json();
    expect(report).toMatchObject({ valid: true });
    expect(report.checks).toEqual(expect.arrayContaining([expect.objectContaining({ name: expect.stringMatching(/^evidence/), ok: true })]));
  });
});
