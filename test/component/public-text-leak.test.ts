/**
 * The adversarial run's reproduction: a monitor whose URL has an apostrophe in its path
 * and a token in its query, whose target starts redirecting to itself. The engine's
 * error text quotes the whole URL (`redirect loop: http://…/it's/loop?token=… was
 * already visited`); the public text of the failure must be built from the structured
 * failure (cause, code, parsed URL), so the token reaches neither `/v1/incidents` nor
 * the signed `incident.opened` payload. The authenticated API keeps the full text.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_POLICY, runCheck } from '../../functions/engine/index.ts';
import { openApiHarness, REGIONS, type ApiHarness } from './api-harness.ts';
import { pipelineOver, type ApiPipeline } from './api-pipeline.ts';

const SECRET = 'SECRET-5e1b7c';
const [A, B] = REGIONS;

let api: ApiHarness;
let pipeline: ApiPipeline;
let target: Server;
let origin: string;
let looping = false;
let monitorId: string;
let incidentId: string;

beforeAll(async () => {
  target = createServer((req, res) => {
    if (looping) res.writeHead(302, { location: req.url ?? '/' }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;

  api = await openApiHarness({ now: Date.now() });
  pipeline = pipelineOver(api, { run: (definition, region) => runCheck(definition, { region, policy: LOCAL_POLICY }) });
  const created = await api.call('POST', '/v1/monitors', {
    body: { name: 'loop', url: `${origin}/it's/loop?token=${SECRET}`, conditions: ['[STATUS] == 200'] },
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
});
afterAll(async () => {
  await api?.close();
  await new Promise<void>((resolve) => target?.close(() => resolve()));
});

describe('a redirect loop at a URL with an apostrophe and a token', () => {
  it('keeps the full text for the operator, beside the structured failure', async () => {
    const incident = (await api.stores.incidents.get(incidentId))!;
    expect(incident.primary.result.error).toBe(`redirect loop: ${origin}/it's/loop?token=${SECRET} was already visited`);
    expect(incident.primary.result).toMatchObject({
      errorCode: 'redirect_loop',
      errorUrl: { scheme: 'http', host: '127.0.0.1', port: Number(new URL(origin).port), path: "/it's/loop" },
    });
    const results = await api.call('GET', `/v1/monitors/${monitorId}/checks?limit=1`);
    expect(results.status).toBe(200);
    expect(results.json().items[0]).toMatchObject({ errorCode: 'redirect_loop', error: expect.stringContaining(`?token=${SECRET}`) });
  });

  it('/v1/incidents and /v1/incidents/{id} show the public text, not the token', async () => {
    for (const path of ['/v1/incidents', `/v1/incidents/${incidentId}`]) {
      const res = await api.call('GET', path, { token: null });
      expect(res.status, path).toBe(200);
      expect(res.text, path).not.toContain(SECRET);
      expect(res.text, path).not.toContain('token=');
    }
    const detail = (await api.call('GET', `/v1/incidents/${incidentId}`, { token: null })).json();
    expect(detail.primary.result.error).toBe(`http: redirect loop at ${origin}`);
    expect(detail.verifier.result.error).toBe(`http: redirect loop at ${origin}`);
  });

  it('no signed payload holds the token; incident.opened carries the public text', async () => {
    const entries = (await api.call('GET', '/v1/ledger', { token: null })).json().entries as Array<{ jws: string }>;
    const payloads = entries.map((e) => decodeJwt(e.jws) as Record<string, any>);
    for (const payload of payloads) expect(JSON.stringify(payload), String(payload['type'])).not.toContain(SECRET);
    const opened = payloads.find((p) => p['type'] === 'incident.opened')!;
    expect(opened['primary'].result.error).toBe(`http: redirect loop at ${origin}`);
    expect(opened['verification'].result.error).toBe(`http: redirect loop at ${origin}`);
    expect(opened['monitor'].url).toBe(origin);
  });
});
