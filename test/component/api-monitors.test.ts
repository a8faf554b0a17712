/**
 * Contract tests for the monitor routes through the real handler, real SQLite stores,
 * a real signer and the real monitor services: every success path, every bad input,
 * and proof that a rejected request changed nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { MAX_BODY_BYTES } from '../../functions/api/request.ts';
import { ConflictError } from '../../functions/core/errors.ts';
import { MonitorDefinitionSchema } from '../../functions/core/monitor.ts';
import { MonitorPageSchema, MonitorSchema } from '../../functions/api/schemas/monitors.ts';
import { ProblemSchema } from '../../functions/api/schemas/common.ts';
import { createApi } from '../../functions/api/create-api.ts';
import { buildEvent, openApiHarness, TOKEN, type ApiHarness, type ApiResponse } from './api-harness.ts';

let api: ApiHarness;

beforeEach(async () => {
  api = await openApiHarness();
});
afterEach(async () => {
  await api.close();
});

const VALID = { name: 'checkout', url: 'https://shop.example.com/health', headers: { Authorization: 'Bearer s3cret' }, tags: ['shop'] };

async function create(body: Record<string, unknown> = VALID): Promise<any> {
  const res = await api.call('POST', '/v1/monitors', { body });
  expect(res.status).toBe(201);
  api.clock.advance(1000);
  return res.json();
}

/** Everything a rejected request could have touched: every monitor, and the ledger head. */
async function snapshot(): Promise<unknown> {
  const monitors = await api.call('GET', '/v1/monitors?limit=100');
  const ledger = await api.call('GET', '/v1/ledger?limit=1000');
  return { monitors: monitors.json(), ledger: ledger.json() };
}

/** Sends a hand-made event (one the harness's call() cannot build) to a handler over the harness's deps. */
async function sendEvent(event: ReturnType<typeof buildEvent>): Promise<ApiResponse> {
  const raw = await createApi(api.deps)(event);
  return { status: raw.statusCode, headers: raw.headers, text: raw.body, raw, json: () => JSON.parse(raw.body) };
}

function expectProblem(res: ApiResponse, status: number): any {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  const problem = ProblemSchema.parse(res.json());
  expect(problem.status).toBe(status);
  expect(problem.type).toBe('about:blank');
  return problem;
}

describe('monitor CRUD', () => {
  it('creates a monitor: 201, Location, defaults filled in, state PENDING, a monitor.created ledger entry', async () => {
    const res = await api.call('POST', '/v1/monitors', { body: VALID });
    expect(res.status).toBe(201);
    const monitor = MonitorSchema.parse(res.json());
    expect(res.headers['location']).toBe(`/v1/monitors/${monitor.id}`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(monitor).toMatchObject({ ...VALID, method: 'GET', intervalSeconds: 60, timeoutMs: 10_000, paused: false, state: 'PENDING', stateSince: null });
    expect(monitor.createdAt).toBe('2026-11-21T12:30:00.000Z');

    const ledger = (await api.call('GET', '/v1/ledger')).json();
    expect(ledger.head).toBe(1);
    expect(decodeJwt(ledger.entries[0].jws)).toMatchObject({ seq: 1, type: 'monitor.created', monitor: { id: monitor.id, name: 'checkout' } });

    const again = await api.call('GET', res.headers['location']!);
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(res.json());
  });

  it('shows the current state from the state store', async () => {
    const monitor = await create();
    const state = await api.stores.states.get(monitor.id);
    expect(state).toBeNull();
    await api.stores.states.put(
      { monitorId: monitor.id, status: 'DOWN', version: 0, since: '2026-11-21T12:31:00.000Z', lastCheckAt: null, failures: {}, successes: 0, verification: null, openIncidentId: null, certWarnings: null },
      0,
    );
    const res = await api.call('GET', `/v1/monitors/${monitor.id}`);
    expect(res.json()).toMatchObject({ state: 'DOWN', stateSince: '2026-11-21T12:31:00.000Z' });
    const listed = (await api.call('GET', '/v1/monitors')).json();
    expect(listed.items[0]).toMatchObject({ id: monitor.id, state: 'DOWN' });
  });

  it('replaces a definition with PUT: fields left out take their defaults, a monitor.updated entry', async () => {
    const monitor = await create({ ...VALID, intervalSeconds: 30 });
    const res = await api.call('PUT', `/v1/monitors/${monitor.id}`, { body: { name: 'checkout v2', url: 'https://shop.example.com/v2/health' } });
    expect(res.status).toBe(200);
    const replaced = MonitorSchema.parse(res.json());
    expect(replaced).toMatchObject({ id: monitor.id, name: 'checkout v2', intervalSeconds: 60, tags: [], headers: {}, createdAt: monitor.createdAt });
    expect(replaced.updatedAt).not.toBe(monitor.updatedAt);
    const ledger = (await api.call('GET', '/v1/ledger')).json();
    expect(ledger.entries.map((e: { jws: string }) => decodeJwt(e.jws)['type'])).toEqual(['monitor.created', 'monitor.updated']);
  });

  it('patches some fields: {"paused": true} keeps everything else', async () => {
    const monitor = await create();
    const res = await api.call('PATCH', `/v1/monitors/${monitor.id}`, { body: { paused: true } });
    expect(res.status).toBe(200);
    // Pausing stops the monitor's state (checks in flight are dropped): PENDING since the pause.
    expect(res.json()).toEqual({ ...monitor, paused: true, updatedAt: res.json().updatedAt, stateSince: res.json().updatedAt });
    expect((await api.call('GET', '/v1/ledger')).json().head).toBe(2);
  });

  it('patches with null to reset a field to its default', async () => {
    const monitor = await create({ ...VALID, intervalSeconds: 30 });
    const res = await api.call('PATCH', `/v1/monitors/${monitor.id}`, { body: { intervalSeconds: null, tags: ['a', 'b'] } });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ intervalSeconds: 60, tags: ['a', 'b'], name: VALID.name });
  });

  it('a patch that changes nothing writes no ledger entry', async () => {
    const monitor = await create();
    const before = await snapshot();
    const res = await api.call('PATCH', `/v1/monitors/${monitor.id}`, { body: { paused: false } });
    expect(res.status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it('deletes: 204, then 404; its ledger entries stay and a monitor.deleted entry follows', async () => {
    const monitor = await create();
    const res = await api.call('DELETE', `/v1/monitors/${monitor.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await api.call('GET', `/v1/monitors/${monitor.id}`), 404);
    const ledger = (await api.call('GET', '/v1/ledger')).json();
    expect(ledger.entries.map((e: { jws: string }) => decodeJwt(e.jws)['type'])).toEqual(['monitor.created', 'monitor.deleted']);
    expectProblem(await api.call('DELETE', `/v1/monitors/${monitor.id}`), 404);
  });

  it.each([
    ['GET', undefined],
    ['PUT', VALID],
    ['PATCH', { paused: true }],
    ['DELETE', undefined],
    ['GET /checks', undefined],
    ['GET /stats', undefined],
    ['POST /check', undefined],
  ])('%s of an unknown monitor is 404 and changes nothing', async (what, body) => {
    await create();
    const before = await snapshot();
    const [method, suffix = ''] = what.split(' ');
    const problem = expectProblem(await api.call(method!, `/v1/monitors/nope${suffix}`, body === undefined ? {} : { body }), 404);
    expect(problem.detail).toBe('monitor nope does not exist');
    expect(await snapshot()).toEqual(before);
  });
});

describe('monitor names are unique (crosscheck import matches by name)', () => {
  it.each([
    ['POST a second monitor of that name', async (_other: any) => api.call('POST', '/v1/monitors', { body: { ...VALID, url: 'https://other.example.com/' } })],
    ['PUT another monitor to that name', async (other: any) => api.call('PUT', `/v1/monitors/${other.id}`, { body: { ...VALID, url: 'https://other.example.com/' } })],
    ['PATCH another monitor to that name', async (other: any) => api.call('PATCH', `/v1/monitors/${other.id}`, { body: { name: VALID.name } })],
  ])('%s: 409 naming the field, and nothing changes', async (_what, send) => {
    const first = await create();
    const other = await create({ ...VALID, name: 'other', url: 'https://other.example.com/' });
    const before = await snapshot();
    const problem = expectProblem(await send(other), 409);
    expect(problem.detail).toBe(`name: a monitor named 'checkout' exists already (${first.id}); names are unique because crosscheck import matches monitors by name`);
    expect(await snapshot()).toEqual(before);
  });

  it('a monitor keeps its own name through PUT and PATCH, and a freed name can be taken again', async () => {
    const monitor = await create();
    expect((await api.call('PUT', `/v1/monitors/${monitor.id}`, { body: { ...VALID, intervalSeconds: 30 } })).status).toBe(200);
    expect((await api.call('PATCH', `/v1/monitors/${monitor.id}`, { body: { name: VALID.name, paused: true } })).status).toBe(200);
    expect((await api.call('DELETE', `/v1/monitors/${monitor.id}`)).status).toBe(204);
    expect((await api.call('POST', '/v1/monitors', { body: VALID })).status).toBe(201);
  });
});

describe('listing monitors', () => {
  it('pages in creation order with an opaque cursor, and filters by tag', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create({ name: `m${i}`, url: `https://example.com/${i}`, tags: i % 2 === 0 ? ['even'] : [] })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: ApiResponse = await api.call('GET', `/v1/monitors?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      const page = MonitorPageSchema.parse(res.json());
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);

    const even = (await api.call('GET', '/v1/monitors?tag=even')).json();
    expect(even.items.map((m: { name: string }) => m.name)).toEqual(['m0', 'm2', 'm4']);
    expect(even.nextCursor).toBeNull();
  });

  it('defaults to 20 a page', async () => {
    for (let i = 0; i < 21; i++) await create({ name: `m${i}`, url: 'https://example.com/' });
    const page = (await api.call('GET', '/v1/monitors')).json();
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it.each([
    ['limit=0', 'limit', 'must be an integer from 1 to 100'],
    ['limit=101', 'limit', 'must be an integer from 1 to 100'],
    ['limit=abc', 'limit', 'must be an integer from 1 to 100'],
    ['limit=1.5', 'limit', 'must be an integer from 1 to 100'],
    ['limit=', 'limit', 'must be an integer from 1 to 100'],
    ['limit=1&limit=2', 'limit', 'must be given at most once'],
    ['cursor=not-a-cursor', 'cursor', 'is not a cursor this listing returned'],
    ['cursor=', 'cursor', 'must not be empty'],
    ['tag=', 'tag', expect.any(String)],
  ])('?%s is a 400 naming %s', async (query, path, message) => {
    const problem = expectProblem(await api.call('GET', `/v1/monitors?${query}`), 400);
    expect(problem.errors).toEqual([{ path, message }]);
  });

  it('ignores query parameters it does not know (cache busters)', async () => {
    expect((await api.call('GET', '/v1/monitors?_=12345')).status).toBe(200);
  });
});

describe('bad monitor bodies change nothing', () => {
  const long = 'x'.repeat(MAX_BODY_BYTES + 1);
  const cases: Array<[string, unknown, Array<{ path: string; message: unknown }>]> = [
    ['invalid JSON', '{"name": "a", ', [{ path: '', message: expect.stringMatching(/^is not valid JSON: /) }]],
    ['an empty body', '', [{ path: '', message: 'a JSON body is required' }]],
    ['a JSON array', [VALID], [{ path: '', message: expect.stringMatching(/expected object/) }]],
    ['an unknown field', { ...VALID, intervall: 30 }, [{ path: 'intervall', message: 'is not a known field; did you mean intervalSeconds?' }]],
    ["Gatus' interval", { ...VALID, interval: '30s' }, [{ path: 'interval', message: 'is not a known field; did you mean intervalSeconds?' }]],
    ["Gatus' enabled", { ...VALID, enabled: false }, [{ path: 'enabled', message: 'is not a known field; did you mean paused (the opposite of enabled)?' }]],
    ['a field nothing is close to', { ...VALID, colour: 'red' }, [{ path: 'colour', message: 'is not a known field' }]],
    ['an unknown nested field', { ...VALID, alerts: { email: [], pager: 'x' } }, [{ path: 'alerts.pager', message: 'is not a known field' }]],
    ['a missing name', { url: VALID.url }, [{ path: 'name', message: expect.any(String) }]],
    ['an ftp URL', { ...VALID, url: 'ftp://example.com/' }, [{ path: 'url', message: 'scheme ftp is not supported; use http or https' }]],
    ['a relative URL', { ...VALID, url: '/health' }, [{ path: 'url', message: 'must be an absolute http or https URL' }]],
    ['an interval below 10 s', { ...VALID, intervalSeconds: 5 }, [{ path: 'intervalSeconds', message: expect.stringMatching(/>=\s*10/) }]],
    ['an interval above 3600 s', { ...VALID, intervalSeconds: 3601 }, [{ path: 'intervalSeconds', message: expect.stringMatching(/<=\s*3600/) }]],
    ['an invalid condition', { ...VALID, conditions: ['[STATUS] =='] }, [{ path: 'conditions[0]', message: 'invalid condition: [STATUS] == (no operator with a space on either side: the == needs a value on either side, as in [STATUS] == 200)' }]],
    ['an invalid second condition', { ...VALID, conditions: ['[STATUS] == 200', 'len([BODY] > 0'] }, [{ path: 'conditions[1]', message: 'invalid condition: len([BODY] > 0 (len( is not closed)' }]],
    ['a reserved header', { ...VALID, headers: { Host: 'evil.example' } }, [{ path: 'headers.Host', message: 'is set by the probe and cannot be overridden' }]],
    ['a bad webhook URL', { ...VALID, alerts: { webhooks: [{ url: 'file:///etc/passwd' }] } }, [{ path: 'alerts.webhooks[0].url', message: 'scheme file is not supported; use http or https' }]],
    ['a region that is not configured', { ...VALID, regions: ['eu-west-1'] }, [{ path: 'regions[0]', message: 'eu-west-1 is not a configured region (configured: local-a, local-b)' }]],
    [
      'several bad fields at once',
      { name: '', url: 'gopher://x', timeoutMs: 'soon' },
      [
        { path: 'name', message: expect.any(String) },
        { path: 'url', message: 'scheme gopher is not supported; use http or https' },
        { path: 'timeoutMs', message: expect.any(String) },
      ],
    ],
  ];

  it.each(cases)('POST with %s: 400 naming each field', async (_name, body, errors) => {
    await create();
    const before = await snapshot();
    const problem = expectProblem(await api.call('POST', '/v1/monitors', { body }), 400);
    expect(problem.errors).toEqual(errors);
    expect(await snapshot()).toEqual(before);
  });

  it.each(cases)('PUT with %s: 400 naming each field', async (_name, body, errors) => {
    const monitor = await create();
    const before = await snapshot();
    const problem = expectProblem(await api.call('PUT', `/v1/monitors/${monitor.id}`, { body }), 400);
    expect(problem.errors).toEqual(errors);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['an unknown field', { pausd: true }, [{ path: 'pausd', message: 'is not a known field; did you mean paused?' }]],
    ['a wrong type', { paused: 'yes' }, [{ path: 'paused', message: expect.stringMatching(/expected boolean/) }]],
    ['an interval out of range', { intervalSeconds: 1 }, [{ path: 'intervalSeconds', message: expect.any(String) }]],
    ['an invalid condition', { conditions: ['[BODY] ~= x'] }, [{ path: 'conditions[0]', message: expect.stringMatching(/^invalid condition: /) }]],
    ['a null name (a required field)', { name: null }, [{ path: 'name', message: expect.any(String) }]],
    ['a reserved header (checked on the merged definition)', { headers: { 'Content-Length': '1' } }, [{ path: 'headers.Content-Length', message: 'is set by the probe and cannot be overridden' }]],
    ['a JSON array', [], [{ path: '', message: expect.stringMatching(/expected object/) }]],
    ['invalid JSON', '{', [{ path: '', message: expect.stringMatching(/^is not valid JSON/) }]],
  ])('PATCH with %s: 400 naming each field', async (_name, body, errors) => {
    const monitor = await create();
    const before = await snapshot();
    const problem = expectProblem(await api.call('PATCH', `/v1/monitors/${monitor.id}`, { body }), 400);
    expect(problem.errors).toEqual(errors);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['plain', false],
    ['base64-encoded', true],
  ])('a %s body over 64 KiB is a 413', async (_name, base64) => {
    await create();
    const before = await snapshot();
    const res = await api.call('POST', '/v1/monitors', { body: { ...VALID, body: long }, base64 });
    const problem = expectProblem(res, 413);
    expect(problem.detail).toMatch(/limit is 65536 bytes/);
    expect(await snapshot()).toEqual(before);
  });

  it('a body of exactly 64 KiB is accepted', async () => {
    const padding = MAX_BODY_BYTES - JSON.stringify({ ...VALID, body: '' }).length;
    const body = JSON.stringify({ ...VALID, body: 'x'.repeat(padding) });
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    expect((await api.call('POST', '/v1/monitors', { body })).status).toBe(201);
  });
});

describe('bodies that are not UTF-8 JSON change nothing', () => {
  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['an empty Content-Type', ''],
  ])('POST with %s is a 415', async (_name, contentType) => {
    const before = await snapshot();
    const problem = expectProblem(await api.call('POST', '/v1/monitors', { body: VALID, headers: { 'content-type': contentType } }), 415);
    expect(problem.detail).toMatch(/must be JSON, sent with Content-Type: application\/json/);
    expect(await snapshot()).toEqual(before);
  });

  it('POST with no Content-Type at all is a 415', async () => {
    const before = await snapshot();
    const event = buildEvent('POST', '/v1/monitors', { body: VALID });
    const { 'content-type': _dropped, ...headers } = event.headers;
    const problem = expectProblem(await sendEvent({ ...event, headers }), 415);
    expect(problem.detail).toMatch(/this request has no Content-Type/);
    expect(await snapshot()).toEqual(before);
  });

  it.each([['application/json; charset=utf-8'], ['application/merge-patch+json'], ['APPLICATION/JSON']])('accepts %s', async (contentType) => {
    expect((await api.call('POST', '/v1/monitors', { body: VALID, headers: { 'content-type': contentType } })).status).toBe(201);
  });

  it('refuses invalid UTF-8 with a 400 instead of storing U+FFFD', async () => {
    const before = await snapshot();
    // "caf" followed by 0xC3 0x28: a two-byte sequence whose second byte is not a continuation byte.
    const [head, tail] = JSON.stringify({ ...VALID, name: 'caf@' }).split('@') as [string, string];
    const bad = Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28]), Buffer.from(tail)]);
    const event = buildEvent('POST', '/v1/monitors', { body: '' });
    const problem = expectProblem(await sendEvent({ ...event, body: bad.toString('base64'), isBase64Encoded: true }), 400);
    expect(problem.errors).toEqual([{ path: '', message: 'is not valid UTF-8: JSON bodies must be UTF-8 encoded' }]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('authentication', () => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/v1/monitors'],
    ['POST', '/v1/monitors', VALID],
    ['GET', '/v1/monitors/ID'],
    ['PUT', '/v1/monitors/ID', VALID],
    ['PATCH', '/v1/monitors/ID', { paused: true }],
    ['DELETE', '/v1/monitors/ID'],
    ['GET', '/v1/monitors/ID/checks'],
    ['GET', '/v1/monitors/ID/stats'],
    ['POST', '/v1/monitors/ID/check'],
  ];
  const credentials: Array<[string, { token?: string | null; headers?: Record<string, string> }]> = [
    ['no Authorization header', { token: null }],
    ['a wrong token', { token: 'wrong-token-0123456789abcdef0000' }],
    ['a prefix of the token', { token: TOKEN.slice(0, -1) }],
    ['another scheme', { token: null, headers: { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` } }],
    ['the token without a scheme', { token: null, headers: { authorization: TOKEN } }],
  ];

  it.each(routes.flatMap(([method, path, body]) => credentials.map(([name, creds]) => [method, path, name, body, creds] as const)))(
    '%s %s with %s: 401 with WWW-Authenticate, nothing changed',
    async (method, path, _name, body, creds) => {
      const monitor = await create();
      const before = await snapshot();
      const res = await api.call(method, path.replace('ID', monitor.id), { ...creds, ...(body === undefined ? {} : { body }) });
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="crosscheck"');
      expect(res.text).not.toContain(monitor.url);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('checks auth before reading the body: a bad body without a token is a 401', async () => {
    expectProblem(await api.call('POST', '/v1/monitors', { token: null, body: '{' }), 401);
  });

  it('accepts the scheme in any case', async () => {
    expect((await api.call('GET', '/v1/monitors', { token: null, headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
  });
});

describe('HTTP behaviour', () => {
  it('answers HEAD like GET without a body', async () => {
    await create();
    const get = await api.call('GET', '/v1/monitors');
    const head = await api.call('HEAD', '/v1/monitors');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers['content-type']).toBe('application/json');
  });

  it.each(['/v1/monitor', '/v1/monitors/', '/v2/monitors', '/v1/monitors/a/b/c', '/nope'])('unknown route %s: 404', async (path) => {
    const problem = expectProblem(await api.call('GET', path), 404);
    expect(problem.detail).toBe(`No route ${path}.`);
  });

  it.each([
    ['PUT', '/v1/monitors', 'GET, POST, HEAD, OPTIONS'],
    ['DELETE', '/v1/monitors', 'GET, POST, HEAD, OPTIONS'],
    ['POST', '/v1/monitors/x', 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS'],
    ['GET', '/v1/monitors/x/check', 'POST, OPTIONS'],
    ['POST', '/v1/status', 'GET, HEAD, OPTIONS'],
    ['DELETE', '/v1/ledger', 'GET, HEAD, OPTIONS'],
  ])('%s %s: 405 with Allow: %s, nothing changed', async (method, path, allow) => {
    await create();
    const before = await snapshot();
    const res = await api.call(method, path, { body: VALID });
    expectProblem(res, 405);
    expect(res.headers['allow']).toBe(allow);
    expect(await snapshot()).toEqual(before);
  });

  it('routes behind a named API Gateway stage, whose name stays in front of rawPath', async () => {
    const monitor = await create();
    const handler = createApi(api.deps);
    const event = buildEvent('GET', `/prod/v1/monitors/${monitor.id}`);
    const res = await handler({ ...event, requestContext: { ...event.requestContext, stage: 'prod' } });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).id).toBe(monitor.id);
    const root = buildEvent('GET', '/prod');
    expect((await handler({ ...root, requestContext: { ...root.requestContext, stage: 'prod' } })).statusCode).toBe(200);
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    const res = await api.call('OPTIONS', '/v1/monitors');
    expect(res.status).toBe(204);
    expect(res.headers['allow']).toBe('GET, POST, HEAD, OPTIONS');
  });

  it('a write that loses a conflict is a 409 and changes nothing', async () => {
    await api.close();
    api = await openApiHarness({
      override: (deps) => ({
        ledgerWriter: {
          append: async () => {
            throw new ConflictError('ledger entry monitor.created:id0002: lost the race for the next seq 32 times');
          },
        },
      }),
    });
    await api.stores.monitors.create({ ...MonitorDefinitionSchema.parse(VALID), id: 'id0001', createdAt: '2026-11-21T12:00:00.000Z', updatedAt: '2026-11-21T12:00:00.000Z' });
    const before = await snapshot();
    const problem = expectProblem(await api.call('POST', '/v1/monitors', { body: { ...VALID, name: 'another name' } }), 409);
    expect(problem.detail).toMatch(/lost the race/);
    expect(await snapshot()).toEqual(before);
  });

  it('turns an unexpected failure into a 500 that leaks nothing, and logs it', async () => {
    await api.close();
    api = await openApiHarness({
      override: (deps) => ({
        monitors: {
          ...deps.monitors,
          list: async () => {
            throw new Error('SQLITE_CORRUPT: database disk image is malformed at /secret/path.db');
          },
        },
      }),
    });
    const res = await api.call('GET', '/v1/monitors');
    const problem = expectProblem(res, 500);
    expect(problem.detail).toBe('An internal error occurred; it has been logged.');
    expect(res.text).not.toMatch(/SQLITE|secret|malformed/);
    expect(api.errors).toHaveLength(1);
    expect(api.errors[0]!.fields).toMatchObject({ method: 'GET', path: '/v1/monitors', error: { message: expect.stringContaining('SQLITE_CORRUPT') } });
  });
});

describe('webhook secrets', () => {
  const HOOK = 'https://hooks.example.test/x';
  const SECRET = 'a-webhook-secret-0123456789';

  it('are write-only: no response shows them, a webhook says only that it has one', async () => {
    const created = await api.call('POST', '/v1/monitors', { body: { ...VALID, alerts: { webhooks: [{ url: HOOK, secret: SECRET }, { url: `${HOOK}/2` }] } } });
    expect(created.status).toBe(201);
    expect(created.text).not.toContain(SECRET);
    const monitor = MonitorSchema.parse(created.json());
    expect(monitor.alerts.webhooks).toEqual([
      { url: HOOK, hasSecret: true },
      { url: `${HOOK}/2`, hasSecret: false },
    ]);
    for (const res of [await api.call('GET', `/v1/monitors/${monitor.id}`), await api.call('GET', '/v1/monitors')]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(SECRET);
    }
    expect(await api.deps.monitors.get(monitor.id)).toMatchObject({ alerts: { webhooks: [{ url: HOOK, secret: SECRET }, { url: `${HOOK}/2` }] } });
  });

  it('a PUT or PATCH that leaves the secret out keeps it; null removes it; a new one replaces it', async () => {
    const { id } = await create({ ...VALID, alerts: { webhooks: [{ url: HOOK, secret: SECRET }] } });
    const stored = async () => (await api.deps.monitors.get(id))!.alerts.webhooks;

    const put = await api.call('PUT', `/v1/monitors/${id}`, { body: { ...VALID, tags: ['changed'], alerts: { webhooks: [{ url: HOOK }] } } });
    expect(put.status).toBe(200);
    expect(put.text).not.toContain(SECRET);
    expect(await stored()).toEqual([{ url: HOOK, secret: SECRET }]);

    expect((await api.call('PATCH', `/v1/monitors/${id}`, { body: { alerts: { webhooks: [{ url: HOOK }] } } })).status).toBe(200);
    expect(await stored()).toEqual([{ url: HOOK, secret: SECRET }]);

    const replaced = 'another-secret-0123456789';
    expect((await api.call('PATCH', `/v1/monitors/${id}`, { body: { alerts: { webhooks: [{ url: HOOK, secret: replaced }] } } })).status).toBe(200);
    expect(await stored()).toEqual([{ url: HOOK, secret: replaced }]);

    // A secret belongs to its URL: a webhook moved to another URL starts without one.
    expect((await api.call('PATCH', `/v1/monitors/${id}`, { body: { alerts: { webhooks: [{ url: `${HOOK}/moved` }] } } })).status).toBe(200);
    expect(await stored()).toEqual([{ url: `${HOOK}/moved` }]);

    expect((await api.call('PATCH', `/v1/monitors/${id}`, { body: { alerts: { webhooks: [{ url: HOOK, secret: SECRET }] } } })).status).toBe(200);
    const removed = await api.call('PATCH', `/v1/monitors/${id}`, { body: { alerts: { webhooks: [{ url: HOOK, secret: null }] } } });
    expect(removed.status).toBe(200);
    expect(removed.json().alerts.webhooks).toEqual([{ url: HOOK, hasSecret: false }]);
    expect(await stored()).toEqual([{ url: HOOK }]);
  });

  it('a secret under 16 characters is refused, saying why', async () => {
    const res = await api.call('POST', '/v1/monitors', { body: { ...VALID, alerts: { webhooks: [{ url: 'https://hooks.example.test/x', secret: 'short' }] } } });
    expect(expectProblem(res, 400).errors).toEqual([
      { path: 'alerts.webhooks[0].secret', message: 'must be at least 16 characters: it is the key of the HMAC-SHA256 signature a receiver checks' },
    ]);
  });
});
