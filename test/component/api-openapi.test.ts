/**
 * The OpenAPI document: valid OpenAPI 3.1 by a real validator, generated from the route
 * table the handler serves, and every operation in it answers through the handler with
 * a documented status whose body matches the documented schema.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as checkResult from '../../functions/core/check-result.ts';
import type { Incident } from '../../functions/core/incident.ts';
import { MonitorSchema } from '../../functions/core/monitor.ts';
import { REGION_NAME_PATTERN } from '../../functions/core/region.ts';
import { openApiHarness, type ApiHarness } from './api-harness.ts';

type Json = Record<string, any>;

let api: ApiHarness;
let document: Json;
let resolved: Json;
let validation: { valid: boolean; errors?: unknown };
let validatedVersion: string;
let monitorId: string;
const INCIDENT_ID = 'incident-1';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const MONITOR = { name: 'api', url: 'https://example.com/health' };
const CHANNEL = 'ops';

beforeAll(async () => {
  api = await openApiHarness();
  const res = await api.call('GET', '/openapi.json', { token: null });
  expect(res.status).toBe(200);
  document = res.json();
  // resolveRefs() dereferences in place: hand the validator a copy.
  const validator = new Validator();
  validation = await validator.validate(structuredClone(document));
  validatedVersion = validator.version;
  resolved = validator.resolveRefs();

  monitorId = (await api.call('POST', '/v1/monitors', { body: MONITOR })).json().id;
  expect((await api.call('POST', '/v1/channels', { body: { name: CHANNEL, type: 'slack', webhookUrl: 'http://127.0.0.1:9/services/x' } })).status).toBe(201);
  const result = {
    url: MONITOR.url, method: 'GET', region: 'local-a', startedAt: '2026-11-21T12:00:00.000Z', connected: true, status: 503, httpVersion: '1.1',
    remoteIp: '203.0.113.7', timings: { dns: 1, connect: 2, tls: 3, ttfb: 4, total: 5 }, headers: {}, bodyBytes: 0, tls: null, redirects: [],
    error: null, success: false, cause: 'condition' as const, conditions: [{ condition: '[STATUS] (503) < 400', success: false }], bodyExcerpt: '',
  };
  const incident: Incident = {
    id: INCIDENT_ID, monitorId, monitorName: 'api', status: 'open', openedAt: '2026-11-21T12:00:00.000Z', resolvedAt: null, cause: 'condition',
    verification: 'confirmed', primary: { region: 'local-a', result }, verifier: { region: 'local-b', result, outcome: 'confirmed' }, ledger: { opened: null, resolved: null },
  };
  await api.stores.incidents.create(incident);
});
afterAll(async () => {
  await api.close();
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    expect(validation.errors).toBeUndefined();
    expect(validation.valid).toBe(true);
    expect(validatedVersion).toBe('3.1');
    expect(JSON.stringify(resolved)).not.toContain('"$ref"');
    expect(document['openapi']).toBe('3.1.0');
  });

  it('documents every route of API.md and the agreed extras, with auth where API.md marks it', () => {
    const operations = Object.entries(document['paths'] as Json).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}${item[m].security.length === 0 ? '' : item[m].security[0].agentToken ? ' (agent)' : ' (auth)'}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /v1/monitors (auth)',
        'POST /v1/monitors (auth)',
        'GET /v1/monitors/{id} (auth)',
        'PUT /v1/monitors/{id} (auth)',
        'PATCH /v1/monitors/{id} (auth)',
        'DELETE /v1/monitors/{id} (auth)',
        'GET /v1/monitors/{id}/checks (auth)',
        'GET /v1/monitors/{id}/stats (auth)',
        'POST /v1/monitors/{id}/check (auth)',
        'GET /v1/channels (auth)',
        'POST /v1/channels (auth)',
        'GET /v1/channels/{name} (auth)',
        'PUT /v1/channels/{name} (auth)',
        'DELETE /v1/channels/{name} (auth)',
        'POST /v1/channels/{name}/test (auth)',
        'GET /v1/incidents/{id}/alerts (auth)',
        'GET /metrics (auth)',
        'GET /v1/monitors/{id}/anomalies (auth)',
        'GET /v1/summary (auth)',
        'POST /v1/incidents (auth)',
        'GET /v1/incidents/{id}/updates',
        'POST /v1/incidents/{id}/updates (auth)',
        'GET /v1/maintenance',
        'POST /v1/maintenance (auth)',
        'GET /v1/status-pages (auth)',
        'POST /v1/status-pages (auth)',
        'GET /v1/status-pages/{slug}',
        'PUT /v1/status-pages/{slug} (auth)',
        'DELETE /v1/status-pages/{slug} (auth)',
        'GET /status/{slug}',
        'GET /status/{slug}/feed.atom',
        'GET /v1/incidents',
        'GET /v1/incidents/{id}',
        'GET /v1/incidents/{id}/verify',
        'GET /v1/ledger',
        'GET /.well-known/jwks.json',
        'GET /v1/status',
        'GET /v1/status/{id}',
        'GET /',
        'GET /assets/{file}',
        'GET /badges/{id}/status.svg',
        'GET /badges/{id}/uptime.svg',
        'GET /badges/{id}/response-time.svg',
        'GET /badges/{path}',
        'GET /openapi.json',
        'GET /healthz',
        // The transparency log (issue 9; API.md's wave-2 table).
        'GET /ledger/checkpoint',
        'GET /ledger/vkeys',
        'GET /ledger/tile/{path}',
        'GET /v1/ledger/{seq}/proof',
        'GET /v1/ledger/consistency',
        'GET /v1/incidents/{id}/proof',
        'GET /v1/monitors/{id}/sla',
        // Probe agents (issue 10): the operator's routes, the agent's own, and the agents' key set.
        'GET /v1/agents (auth)',
        'POST /v1/agents (auth)',
        'DELETE /v1/agents/{name} (auth)',
        'PUT /v1/agent/key (agent)',
        'GET /v1/agent/jobs (agent)',
        'POST /v1/agent/results (agent)',
        'GET /.well-known/agents-jwks.json',
      ].sort(),
    );
  });

  it('describes the query parameters the handler validates', () => {
    const params = (path: string, method: string) =>
      Object.fromEntries((document['paths'][path][method].parameters ?? []).map((p: Json) => [`${p.in}:${p.name}`, p.schema]));
    expect(params('/v1/monitors', 'get')).toMatchObject({ 'query:limit': { type: 'integer', minimum: 1, maximum: 100, default: 20 }, 'query:cursor': { type: 'string' }, 'query:tag': { type: 'string' } });
    expect(params('/v1/monitors/{id}/stats', 'get')).toMatchObject({ 'path:id': { type: 'string' }, 'query:window': { enum: ['24h', '7d', '30d', '90d'], default: '24h' } });
    expect(params('/v1/incidents', 'get')).toMatchObject({ 'query:status': { enum: ['open', 'resolved'] } });
    expect(params('/v1/ledger', 'get')).toMatchObject({ 'query:after': { type: 'integer', minimum: 0 } });
    expect(params('/v1/monitors/{id}/checks', 'get')).toMatchObject({ 'query:since': { type: 'string', format: 'date-time' } });
  });

  it('documents results and monitors with the core schemas\' fields, so that a field added there appears here', () => {
    const fields = (component: string) => Object.keys(document['components']['schemas'][component].properties).sort();
    expect(fields('CheckResult')).toEqual(Object.keys(checkResult.CheckResultSchema.shape).sort());
    expect(fields('Timings')).toEqual(Object.keys(checkResult.TimingsSchema.shape).sort());
    expect(fields('TlsFacts')).toEqual(Object.keys(checkResult.TlsFactsSchema.shape).sort());
    // Monitors are one schema per type (oneOf, by `type`): each option documents its type's fields.
    const optionFields = (component: string) =>
      (document['components']['schemas'][component].oneOf as { properties: object }[]).map((option) => Object.keys(option.properties).sort());
    expect(optionFields('Monitor')).toEqual(MonitorSchema.options.map((option) => [...Object.keys(option.shape), 'state', 'stateSince'].sort()));
    expect(document['components']['schemas']['CheckResult'].properties.region.pattern).toBe(REGION_NAME_PATTERN.source);
  });

  it('describes the monitor body with its defaults and limits, and the bearer and SigV4 schemes', () => {
    const body = document['paths']['/v1/monitors']['post'].requestBody.content['application/json'].schema;
    const [schema, tcp, tls, dns] = document['components']['schemas'][body.$ref.split('/').pop()].oneOf;
    expect([schema, tcp, tls, dns].map((option: { properties: { type: { const: string } } }) => option.properties.type.const)).toEqual(['http', 'tcp', 'tls', 'dns']);
    expect(schema.required).toEqual(['name', 'url']);
    expect(dns.required).toEqual(['name', 'type', 'queryName']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.intervalSeconds).toMatchObject({ type: 'integer', minimum: 10, maximum: 3600, default: 60 });
    expect(document['components']['securitySchemes']).toMatchObject({ bearerAuth: { type: 'http', scheme: 'bearer' }, sigv4: { type: 'apiKey', in: 'header', name: 'Authorization' } });
  });
});

describe('every operation in the document answers through the handler', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);

  function exampleBody(path: string, method: string): unknown {
    if (method === 'patch') return { paused: true };
    if (method === 'post' && path === '/v1/monitors') return { ...MONITOR, name: 'created by the OpenAPI test' };
    if (method === 'post' && path === '/v1/channels') return { name: 'created-by-openapi', type: 'webhook', url: 'http://127.0.0.1:9/in' };
    if (method === 'put' && path === '/v1/channels/{name}') return { type: 'slack', description: 'replaced' };
    if (path === '/v1/incidents' && method === 'post') return { title: 'declared by the OpenAPI test', message: 'x' };
    if (path === '/v1/incidents/{id}/updates') return { status: 'identified', message: 'found it' };
    if (path === '/v1/maintenance' && method === 'post') return { title: 't', message: 'm', start: '2030-01-01T00:00:00Z', end: '2030-01-01T01:00:00Z', monitorIds: [monitorId] };
    if (path.startsWith('/v1/status-pages')) return { slug: 'openapi', title: 'OpenAPI', groups: [{ name: 'all', monitors: [{ monitorId }] }] };
    if (method === 'put') return { ...MONITOR, intervalSeconds: 120 };
    return undefined;
  }

  function concrete(path: string): string {
    if (path.startsWith('/v1/incidents/')) return path.replace('{id}', INCIDENT_ID);
    // The transparency log: the monitor created above is entry 1, in a checkpoint of size 1.
    if (path === '/ledger/tile/{path}') return '/ledger/tile/0/000.p/1';
    if (path === '/v1/ledger/{seq}/proof') return '/v1/ledger/1/proof';
    if (path === '/v1/ledger/consistency') return '/v1/ledger/consistency?from=1';
    if (path === '/v1/monitors/{id}/sla') return `/v1/monitors/${monitorId}/sla?month=2026-11`;
    return path.replace('{slug}', 'openapi').replace('{file}', 'app.js').replace('{path}', 'nope.svg').replace('{id}', monitorId).replace('{name}', CHANNEL);
  }

  it('with a documented status and a body that matches the documented schema', async () => {
    const operations = Object.entries(resolved['paths'] as Json)
      .flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ path, method, operation: item[method] as Json })))
      // The agent routes need the hub and agents with tokens and keys: api-agents.test.ts answers each of them.
      .filter(({ path }) => !path.startsWith('/v1/agent'))
      // Delete last, so that the other operations find the monitor.
      .sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));
    expect(operations.length).toBe(54);

    for (const { path, method, operation } of operations) {
      const label = `${method.toUpperCase()} ${path}`;
      const body = exampleBody(path, method);
      const res = await api.call(method.toUpperCase(), concrete(path), body === undefined ? {} : { body });
      // Every badge path answers an image, the unknown ones a 404 "unknown" badge.
      if (path === '/badges/{path}') expect(res.status, label).toBe(404);
      else {
        expect(res.status, label).not.toBe(404);
        expect(res.status, label).not.toBe(405);
        expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBeLessThan(300);
      }
      const documented = operation['responses'][String(res.status)];
      expect(documented, `${label} answered ${res.status}, which is not documented`).toBeDefined();
      const contentType = (res.headers['content-type'] ?? '').split(';')[0]!;
      if (res.status === 204) {
        expect(documented.content, label).toBeUndefined();
        continue;
      }
      const media = documented.content?.[contentType] ?? documented.content?.['application/octet-stream'];
      expect(media, `${label}: ${contentType} is not documented`).toBeDefined();
      if (media.schema?.type === 'object' || media.schema?.properties) {
        const validate = ajv.compile(media.schema);
        const ok = validate(res.json());
        expect(validate.errors ?? [], label).toEqual([]);
        expect(ok, label).toBe(true);
      }
    }
  });

  it('documents the problem responses the handler gives', async () => {
    const cases: Array<[string, string, number, unknown?]> = [
      ['GET', '/v1/monitors?limit=0', 400],
      ['POST', '/v1/monitors', 400, { name: 'x' }],
      ['GET', '/v1/monitors/nope', 404],
      ['GET', '/v1/incidents/nope', 404],
      ['POST', '/v1/monitors', 413, { ...MONITOR, body: 'x'.repeat(70_000) }],
    ];
    for (const [method, path, status, body] of cases) {
      const res = await api.call(method, path, body === undefined ? {} : { body });
      expect(res.status, `${method} ${path}`).toBe(status);
      const template = path.split('?')[0]!.replace(/\/v1\/(monitors|incidents)\/nope/, '/v1/$1/{id}');
      const documented = resolved['paths'][template][method.toLowerCase()].responses[String(status)];
      expect(documented, `${method} ${template} ${status}`).toBeDefined();
      const validate = ajv.compile(documented.content['application/problem+json'].schema);
      expect(validate(res.json()), `${method} ${path}`).toBe(true);
    }
    const unauthorized = await api.call('GET', '/v1/monitors', { token: null });
    expect(resolved['paths']['/v1/monitors']['get'].responses['401']).toBeDefined();
    expect(unauthorized.status).toBe(401);
  });
});
