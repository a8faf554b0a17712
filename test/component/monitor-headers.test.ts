/**
 * A monitor's headers are checked at the edge as RFC 9110 fields: a name is a token, a
 * value is field-content (visible characters, obs-text, and spaces or tabs between
 * them; no CR, LF, NUL or other control character). Before, a value with CR/LF was
 * stored (201) and then every check failed with cause `http` (ERR_INVALID_CHAR): a
 * false incident. Leading and trailing spaces and tabs are trimmed (a recipient drops
 * them anyway, RFC 9110 section 5.5). The API and the Gatus YAML import share the schema.
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../functions/core/gatus-config.ts';
import { CheckJobMessageSchema } from '../../functions/core/messages.ts';
import { parseMonitorDefinition, type HttpMonitorDefinition } from '../../functions/core/monitor.ts';
import { LOCAL_POLICY, runCheck } from '../../functions/engine/index.ts';
import { iso, makeMonitor, T0 } from '../helpers/fixtures.ts';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';
import { issuesOf } from '../helpers/validation.ts';
import { openApiHarness, type ApiHarness } from './api-harness.ts';

const URL_ = 'https://shop.example.test/health';

const BAD_VALUES: Array<[string, string]> = [
  ['CR LF (a second header)', 'token\r\nX-Injected: 1'],
  ['LF', 'a\nb'],
  ['CR', 'a\rb'],
  ['NUL', 'a\u0000b'],
  ['another control character', 'a\u0007b'],
  ['DEL', 'a\u007fb'],
  ['a character above U+00FF', 'caf\u20ac'],
  ['a trailing CR LF', 'value\r\n'],
];

const BAD_NAMES: Array<[string, string]> = [
  ['a space', 'X Foo'],
  ['a colon', 'X-Foo:'],
  ['CR LF', 'X-Foo\r\nX-Injected'],
  ['NUL', 'X-Foo\u0000'],
  ['a non-ASCII letter', 'X-Föo'],
  ['nothing', ''],
];

describe('the monitor schema', () => {
  it.each(BAD_VALUES)('refuses a value with %s, naming the header', (_what, value) => {
    expect(issuesOf(() => parseMonitorDefinition({ name: 'a', url: URL_, headers: { 'X-Foo': value } }))).toEqual([
      expect.stringMatching(/^headers\.X-Foo: must be an HTTP field value/),
    ]);
  });

  it.each(BAD_NAMES)('refuses a name with %s', (_what, name) => {
    expect(issuesOf(() => parseMonitorDefinition({ name: 'a', url: URL_, headers: { [name]: 'v' } }))).toEqual([
      `headers.${name}: is not a valid header name (RFC 9110 token: letters, digits and !#$%&'*+-.^_\`|~)`,
    ]);
  });

  it('trims spaces and tabs around a value and keeps what RFC 9110 allows inside one', () => {
    const headers = {
      'X-Trimmed': ' \t padded value \t ',
      'X-Inner': 'a\tb  c',
      'X-Latin1': 'caf\u00e9',
      'X-Empty': '',
      'X-Visible': '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
    };
    const parsed = parseMonitorDefinition({ name: 'a', url: URL_, headers }) as HttpMonitorDefinition;
    expect(parsed.headers).toEqual({ ...headers, 'X-Trimmed': 'padded value' });
    for (const [name, value] of Object.entries(parsed.headers)) {
      expect(() => validateHeaderName(name)).not.toThrow();
      expect(() => validateHeaderValue(name, value)).not.toThrow();
    }
  });

  it('the Gatus YAML import refuses the same, naming the endpoint and header', () => {
    const yaml = ['endpoints:', '  - name: shop', `    url: ${URL_}`, '    headers:', '      X-Foo: "token\\r\\nX-Injected: 1"', '      "X Bar": ok'].join('\n');
    expect(issuesOf(() => parseConfigFile(yaml))).toEqual([
      expect.stringMatching(/^endpoints\[0\]\.headers\.X-Foo: must be an HTTP field value/),
      expect.stringMatching(/^endpoints\[0\]\.headers\.X Bar: is not a valid header name/),
    ]);
  });
});

describe('monitors stored before the rule', () => {
  it('still travel in a wave of check jobs: one of them must not fail the others', () => {
    const old = makeMonitor({ id: 'old', headers: { 'X-Foo': 'token\r\nX-Injected: 1' } });
    const fine = makeMonitor({ id: 'fine' });
    const job = (monitor: typeof old) => ({ jobId: `job-${monitor.id}`, monitor, region: 'local-a', scheduledFor: iso(T0) });
    const parsed = CheckJobMessageSchema.parse({ jobs: [job(old), job(fine)] });
    expect('jobs' in parsed && parsed.jobs.map((j) => (j.monitor as HttpMonitorDefinition).headers)).toEqual([old.headers, fine.headers]);
  });

  it('are held to it when edited', () => {
    const old = makeMonitor({ headers: { 'X-Foo': 'a\u0000b' } });
    const { id: _id, createdAt: _c, updatedAt: _u, ...definition } = old;
    expect(issuesOf(() => parseMonitorDefinition(definition))).toEqual([expect.stringMatching(/^headers\.X-Foo: must be an HTTP field value/)]);
  });
});

describe('through the API', () => {
  let api: ApiHarness;
  let target: TestServer;
  beforeAll(async () => {
    api = await openApiHarness();
    target = await startHttpServer();
  });
  afterAll(async () => {
    await api?.close();
    await target?.close();
  });

  const snapshot = async () => (await api.stores.monitors.list({ limit: 100 })).items;

  it.each(BAD_VALUES)('POST, PUT and PATCH with a value with %s: 400 naming the header, nothing changes', async (_what, value) => {
    const created = await api.call('POST', '/v1/monitors', { body: { name: `ok with ${_what}`, url: URL_ } });
    expect(created.status).toBe(201);
    const id = created.json().id as string;
    const before = await snapshot();
    for (const [method, path, body] of [
      ['POST', '/v1/monitors', { name: 'bad', url: URL_, headers: { 'X-Foo': value } }],
      ['PUT', `/v1/monitors/${id}`, { name: 'bad', url: URL_, headers: { 'X-Foo': value } }],
      ['PATCH', `/v1/monitors/${id}`, { headers: { 'X-Foo': value } }],
    ] as const) {
      const res = await api.call(method, path, { body });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.json().errors).toEqual([{ path: 'headers.X-Foo', message: expect.stringMatching(/^must be an HTTP field value/) }]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('an accepted monitor with trimmed headers checks without a false failure', async () => {
    const res = await api.call('POST', '/v1/monitors', { body: { name: 'trim', url: `${target.origin}/`, headers: { 'X-Token': '  abc\t' } } });
    expect(res.status).toBe(201);
    const monitor = res.json();
    expect(monitor.headers).toEqual({ 'X-Token': 'abc' });
    const result = await runCheck(monitor, { policy: LOCAL_POLICY });
    expect(result).toMatchObject({ success: true, cause: null });
    expect(target.requests.at(-1)?.headers['x-token']).toBe('abc');
  });
});
