/**
 * The monitor routes with every type: a tcp, tls and dns monitor created, read, patched
 * and checked now (the engine in-process against loopback servers); bad bodies of each
 * type refused naming the field, changing nothing; the ledger entry of a dns incident
 * names its target without the resolver's address.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MonitorSchema } from '../../functions/api/schemas/monitors.ts';
import { engineCheckRunner } from '../../functions/adapters/common/engine-check-runner.ts';
import { runCheckNow } from '../../functions/services/check-now.ts';
import { LOCAL_POLICY } from '../../functions/engine/index.ts';
import { startDnsServer, startEchoServer, type DnsServer, type StreamServer } from '../helpers/protocol-servers.ts';
import { openApiHarness, REGIONS, type ApiHarness } from './api-harness.ts';

let api: ApiHarness;
let echo: StreamServer;
let dns: DnsServer;

beforeAll(async () => {
  [echo, dns] = await Promise.all([startEchoServer(), startDnsServer({ 'svc.test/A': [{ type: 'A', name: 'svc.test', ttl: 60, data: '192.0.2.7' }] })]);
});
afterAll(async () => {
  await Promise.all([echo.close(), dns.close()]);
});
beforeEach(async () => {
  let n = 0;
  const checkRunner = engineCheckRunner(LOCAL_POLICY);
  api = await openApiHarness({
    runCheckNow: (monitor) =>
      runCheckNow({ checkRunner, results: api.stores.results, ids: { next: () => `r${++n}` }, regions: REGIONS }, monitor),
  });
});
afterEach(async () => {
  await api.close();
});

const snapshot = async () => ({ monitors: (await api.call('GET', '/v1/monitors?limit=100')).json(), ledger: (await api.call('GET', '/v1/ledger?limit=1000')).json() });

describe('monitors of every type through the API', () => {
  it('creates a tcp monitor with its defaults, and checks it now from every region', async () => {
    const res = await api.call('POST', '/v1/monitors', { body: { type: 'tcp', name: 'echo', url: `tcp://127.0.0.1:${echo.port}`, body: 'hi', conditions: ['[BODY] == hi'] } });
    expect(res.status, res.text).toBe(201);
    const monitor = MonitorSchema.parse(res.json());
    expect(monitor).toMatchObject({ type: 'tcp', readBytes: 1024, state: 'PENDING' });
    const now = await api.call('POST', `/v1/monitors/${monitor.id}/check`);
    expect(now.status, now.text).toBe(200);
    const results = now.json().results as { region: string; success: boolean; method: string }[];
    expect(results.map((r) => [r.region, r.success, r.method])).toEqual(REGIONS.map((region) => [region, true, 'TCP']));
  });

  it('creates a dns monitor and checks it now; PATCH changes its query type', async () => {
    const res = await api.call('POST', '/v1/monitors', { body: { type: 'dns', name: 'svc', queryName: 'svc.test', resolver: `127.0.0.1:${dns.port}`, conditions: ['[BODY] == 192.0.2.7'] } });
    expect(res.status, res.text).toBe(201);
    const { id } = res.json();
    const now = await api.call('POST', `/v1/monitors/${id}/check`);
    expect(now.json().results.map((r: { success: boolean; dns: { rcode: string } }) => [r.success, r.dns.rcode])).toEqual([[true, 'NOERROR'], [true, 'NOERROR']]);
    const patched = await api.call('PATCH', `/v1/monitors/${id}`, { body: { queryType: 'AAAA', conditions: null } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json()).toMatchObject({ type: 'dns', queryType: 'AAAA', conditions: [] });
  });

  it.each([
    [{ type: 'tcp', name: 'a', url: 'tcp://db' }, [{ path: 'url', message: 'needs a port: tcp://db:<port>' }]],
    [{ type: 'tls', name: 'a', url: 'tls://mail:25', starttls: 'ftp' }, [{ path: 'starttls', message: expect.stringContaining('smtp') }]],
    [{ type: 'dns', name: 'a', queryName: 'a.test', resolver: 'https://dns.example/' }, [{ path: 'resolver', message: expect.stringContaining('is not an IP address or host name') }]],
    [{ type: 'icmp', name: 'a', url: 'icmp://10.0.0.1' }, [{ path: 'type', message: 'must be one of http, tcp, tls, dns (http when absent)' }]],
  ])('refuses %j naming the field, and changes nothing', async (body, errors) => {
    const before = await snapshot();
    const res = await api.call('POST', '/v1/monitors', { body });
    expect(res.status).toBe(400);
    expect(res.json().errors).toEqual(errors);
    expect(await snapshot()).toEqual(before);
  });

  it('a field of another type is refused by name', async () => {
    const res = await api.call('POST', '/v1/monitors', { body: { type: 'dns', name: 'a', queryName: 'a.test', method: 'GET' } });
    expect(res.status).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'method', message: expect.stringContaining('not a known field') }]);
  });
});
