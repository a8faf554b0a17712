/**
 * Property: whatever a client sends (any body, any query, any path id, to any route),
 * the API answers below 500, logs no error, and a request it refuses changes nothing
 * (monitors, states, incidents, results and the ledger are as before). A monitor it
 * accepts is a valid stored monitor whose headers Node would send as they are.
 *
 * The harness is the real handler over real local stores (api-harness.ts), holding a
 * monitor with a state and an open incident with its signed entries.
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../functions/api/create-api.ts';
import { parseJsonBody, queryRecord } from '../../functions/api/request.ts';
import { ValidationError } from '../../functions/core/errors.ts';
import { MonitorSchema } from '../../functions/api/schemas/monitors.ts';
import { openApiHarness, REGIONS, type ApiHarness, type ApiResponse, type CallOptions } from '../component/api-harness.ts';
import { pipelineOver } from '../component/api-pipeline.ts';
import { failingResult } from '../helpers/fixtures.ts';
import { FUZZ_TEST_TIMEOUT_MS, fuzzParameters, nastyString } from './settings.ts';

let api: ApiHarness;
let monitorId: string;
let incidentId: string;

const VALID = {
  name: 'checkout',
  url: 'https://shop.example.test/health?token=x',
  method: 'POST',
  headers: { Authorization: 'Bearer s3cret', 'X-Trace': 'a\tb' },
  body: '{"ping":true}',
  intervalSeconds: 30,
  conditions: ['[STATUS] == 200', '[BODY].status == UP'],
  tags: ['shop'],
  alerts: { email: ['ops@example.test'], webhooks: [{ url: 'https://hooks.example.test/x', secret: '0123456789abcdef' }] },
  maintenance: [{ days: ['mon'], at: '02:00', durationMinutes: 30 }],
};

beforeAll(async () => {
  api = await openApiHarness();
  const created = await api.call('POST', '/v1/monitors', { body: VALID });
  expect(created.status).toBe(201);
  monitorId = created.json().id;
  // An open incident, made by the real services from scripted failing checks.
  const pipeline = pipelineOver(api, { run: async (_definition, region) => failingResult(region, api.clock.now()) });
  await pipeline.check(monitorId, REGIONS[0]);
  await pipeline.verifyPending();
  const [incident] = (await api.stores.incidents.list({ monitorId, limit: 1 })).items;
  incidentId = incident!.id;
}, FUZZ_TEST_TIMEOUT_MS);
afterAll(async () => {
  await api?.close();
});

/** Everything a request could change. */
async function snapshot(): Promise<string> {
  const monitors = (await api.stores.monitors.list({ limit: 1000 })).items;
  const states = await Promise.all(monitors.map((m) => api.stores.states.get(m.id)));
  const results = await Promise.all(monitors.map((m) => api.stores.results.listResults(m.id, { limit: 1000 })));
  const incidents = (await api.stores.incidents.list({ limit: 1000 })).items;
  const ledger = await api.stores.ledger.range(0, 10_000);
  return JSON.stringify({ monitors, states, results, incidents, ledger });
}

function expectSafe(res: ApiResponse, what: string): void {
  expect(res.status, `${what} -> ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  expect(api.errors, what).toEqual([]);
}

/** Calls, then holds the API to the property; a refused request must leave everything as it was. */
async function callSafely(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const before = await snapshot();
  api.errors.length = 0;
  const res = await api.call(method, path, options);
  const what = `${method} ${path} ${JSON.stringify(options).slice(0, 300)}`;
  expectSafe(res, what);
  if (res.status >= 400) expect(await snapshot(), `${what} was refused (${res.status}) but changed something`).toBe(before);
  if (res.status < 300 && (method === 'POST' || method === 'PUT' || method === 'PATCH') && path.startsWith('/v1/monitors') && !path.endsWith('/check')) {
    const monitor = MonitorSchema.parse(res.json());
    for (const [name, value] of Object.entries(monitor.type === 'http' ? monitor.headers : {})) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    }
  }
  return res;
}

// ---- the body and query parsers on their own ----------------------------------------

/** The value, or null when `run` threw the documented ValidationError; anything else fails the property. */
function valueOrValidationError<T>(run: () => T): T | null {
  try {
    return run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.length).toBeGreaterThan(0);
    return null;
  }
}

describe('the request parsers', () => {
  it('parseJsonBody: any bytes give JSON.parse of their UTF-8 text, or a ValidationError', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? '')),
      nastyString(40).map((t) => Buffer.from(t, 'utf8')),
      fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('\ufeff', ' ', '\n', '\u0000', 'x')).map(([v, extra]) => Buffer.from(extra + JSON.stringify(v))),
    );
    fc.assert(
      fc.property(bytes, (body) => {
        const value = valueOrValidationError(() => parseJsonBody(body));
        if (value === null) return;
        // What was accepted is what JSON.parse reads in the (valid UTF-8) text, a BOM dropped.
        expect(value).toEqual(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)));
      }),
      fuzzParameters({ runs: 2_000, offset: 4 }),
    );
  });

  it('queryRecord: any query string gives each name once, or a ValidationError naming the repeated ones', () => {
    fc.assert(
      fc.property(fc.oneof(nastyString(60), fc.array(fc.tuple(fc.constantFrom('a', 'limit', 'cursor', '__proto__', 'constructor'), nastyString(5))).map((p) => new URLSearchParams(p).toString())), (query) => {
        const record = valueOrValidationError(() => queryRecord(query));
        if (record === null) return;
        // Known: a `__proto__` parameter is dropped (assigning a string to record.__proto__ sets nothing), so it is
        // never reported as repeated either. No route has such a parameter, and zod ignores it anyway.
        const names = [...new Set(new URLSearchParams(query).keys())].filter((name) => name !== '__proto__');
        expect(Object.keys(record).sort()).toEqual(names.sort());
      }),
      fuzzParameters({ runs: 2_000, offset: 5 }),
    );
  });
});

// ---- bodies -------------------------------------------------------------------------

const FIELDS = [...Object.keys(VALID), 'timeoutMs', 'regions', 'paused', 'failureThreshold', 'successThreshold', 'certExpiryWarningDays', 'followRedirects', 'maxRedirects', 'verifyTls'];

/** A value of any JSON type, with nasty strings. */
const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nastyString(),
  fc.constantFrom(null, true, 0, -1, 1e308, -0, 4294967296, 3601, 9, 10, '', [], {}, 'GET', 'get', '[STATUS] == 200', '[STATUS]==200'),
);

/** A valid monitor with one field replaced, one unknown field added, or headers made up. */
const mutatedMonitor: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ field: fc.constantFrom(...FIELDS), value: jsonish }).map(({ field, value }) => ({ ...VALID, [field]: value })),
  fc.record({ field: nastyString(12), value: jsonish }).map(({ field, value }) => ({ ...VALID, [field]: value })),
  fc.dictionary(nastyString(20), nastyString(60), { maxKeys: 4 }).map((headers) => ({ ...VALID, headers })),
  fc.record({ alerts: fc.record({ email: fc.array(nastyString(30), { maxLength: 3 }), webhooks: fc.array(fc.record({ url: nastyString(), secret: nastyString() }), { maxLength: 2 }) }) }).map((alerts) => ({ ...VALID, ...alerts })),
  fc.array(nastyString(60), { maxLength: 3 }).map((conditions) => ({ ...VALID, conditions })),
  fc.webUrl({ withQueryParameters: true, withFragments: true }).map((url) => ({ ...VALID, url })),
);

/** How a body goes over the wire: JSON, raw text, raw bytes (base64), with a content type or without. */
const wireBody: fc.Arbitrary<Pick<CallOptions, 'body' | 'base64' | 'headers'>> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(mutatedMonitor, jsonish).map((body) => ({ body: JSON.stringify(body) ?? 'null' })) },
  { weight: 2, arbitrary: mutatedMonitor.map((body) => ({ body: JSON.stringify(body).slice(0, -1) })) },
  { weight: 1, arbitrary: nastyString(200).map((body) => ({ body })) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ body: Buffer.from(bytes).toString('latin1'), base64: true })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ body: mutatedMonitor, type: fc.constantFrom('text/plain', 'application/json; charset=latin1', 'application/x+json', 'multipart/form-data', '', 'application/json\u0000') })
      .map(({ body, type }) => ({ body: JSON.stringify(body), headers: { 'content-type': type } })),
  },
);

describe('request bodies', () => {
  it(
    'POST, PUT and PATCH with any body: never a 5xx; a refused one changes nothing; an accepted monitor is sendable',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('POST', 'PUT', 'PATCH'), wireBody, async (method, options) => {
          const path = method === 'POST' ? '/v1/monitors' : `/v1/monitors/${monitorId}`;
          // base64 in the harness means "encode this string"; raw bytes are sent as latin1 text, base64-encoded.
          const sent = options.base64 ? { ...options, body: options.body as string } : options;
          await callSafely(method, path, sent);
        }),
        fuzzParameters({ runs: 400, timeMs: 6_000, offset: 1 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});

// ---- queries and path ids -------------------------------------------------------------

/** Percent-encoded, lone surrogates made U+FFFD first (encodeURIComponent throws on them). */
const encoded = (text: string): string => encodeURIComponent(text.toWellFormed());

const queryValue: fc.Arbitrary<string> = fc.oneof(
  nastyString(30),
  fc.constantFrom('0', '1', '-1', '1.5', '1e3', '1e400', 'NaN', 'Infinity', '0x10', '9007199254740993', '', ' 5', '100', '101', '1000', '1001'),
  fc.constantFrom('24h', '7d', '30d', '90d', '1y', 'open', 'resolved', 'OPEN', 'local-a', 'eu-west-1'),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01', '2026-01-01T00:00:00+25:00', '+275760-09-13T00:00:00.000Z'),
  // Cursors: base64url of JSON that is not what the store wrote, or not JSON at all.
  fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? '').toString('base64url')),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
);

const QUERY_NAMES = ['limit', 'cursor', 'tag', 'region', 'since', 'until', 'window', 'status', 'monitorId', 'after'];

const queryString: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), nastyString(8)), queryValue), { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString()),
  // Not what URLSearchParams writes: stray %, &, =, raw characters.
  nastyString(60),
);

/** A path to a GET route of the API, its ids random or real. */
function pathArbitrary(): fc.Arbitrary<string> {
  const getRoutes = apiRoutes(api.deps).filter((route) => route.method === 'GET');
  const id = fc.oneof(fc.constantFrom(monitorId, incidentId, 'missing'), nastyString(30).map(encoded), nastyString(10));
  return fc.tuple(fc.constantFrom(...getRoutes.map((route) => route.path)), id).map(([path, value]) => path.replace('{id}', value).replace('{file+}', value));
}

describe('queries and path ids', () => {
  it(
    'any GET route with any query and id: never a 5xx, nothing changes',
    async () => {
      await fc.assert(
        fc.asyncProperty(pathArbitrary(), queryString, fc.boolean(), async (path, query, authenticated) => {
          const before = await snapshot();
          await callSafely('GET', query === '' ? path : `${path}?${query}`, authenticated ? {} : { token: null });
          expect(await snapshot()).toBe(before);
        }),
        fuzzParameters({ runs: 500, timeMs: 6_000, offset: 2 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'DELETE and check-now with a made-up id: never a 5xx, nothing changes',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('DELETE', 'POST'), nastyString(30), async (method, raw) => {
          const id = encoded(raw);
          if (id === monitorId) return;
          const res = await callSafely(method, method === 'DELETE' ? `/v1/monitors/${id}` : `/v1/monitors/${id}/check`);
          expect(res.status).toBeGreaterThanOrEqual(400);
        }),
        fuzzParameters({ runs: 200, timeMs: 3_000, offset: 3 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});
