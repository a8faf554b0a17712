/**
 * End to end, as for HTTP: `npm start` as its own process watching a tcp and a dns
 * monitor on loopback servers the test breaks and heals. A failure one location sees
 * (the next answer only is wrong: the check that gets it fails, the other location's
 * re-check passes) is refuted, recorded as an anomaly, no incident; an outage (every
 * answer wrong) is confirmed from both locations and opens one incident, resolved when
 * the server heals. Both logical regions run on this machine: that tests the pipeline,
 * not network independence.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDnsServer, startPingServer, type DnsServer, type PingServer } from '../helpers/protocol-servers.ts';
import { apiClient, type ApiClient } from './helpers/api-client.ts';
import { NotYet, pollUntil } from './helpers/poll.ts';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from './helpers/runtime-process.ts';

const INTERVAL_S = 10;
const INTERVAL_MS = INTERVAL_S * 1000;

interface MonitorView {
  id: string;
  type: string;
  state: 'PENDING' | 'UP' | 'VERIFYING' | 'DOWN';
}
interface Incident {
  id: string;
  status: 'open' | 'resolved';
  verification: string;
  cause: string;
  primary: { region: string };
  verifier: { region: string; outcome: string } | null;
}
interface Stats {
  anomalies: number;
  incidents: number;
}

const tail = (text: string, lines = 40) => text.trimEnd().split('\n').slice(-lines).join('\n');

describe('tcp and dns monitors are verified across locations like http ones', () => {
  let root: string;
  let runtime: RuntimeProcess;
  let api: ApiClient;
  let ping: PingServer;
  let dns: DnsServer;
  const ids: Record<'tcp' | 'dns', string> = { tcp: '', dns: '' };

  const monitor = (kind: 'tcp' | 'dns') => api.json<MonitorView>(`v1/monitors/${ids[kind]}`);
  const incidents = (kind: 'tcp' | 'dns') => api.json<{ items: Incident[] }>(`v1/incidents?monitorId=${ids[kind]}`).then((p) => p.items);
  const stats = (kind: 'tcp' | 'dns') => api.json<Stats>(`v1/monitors/${ids[kind]}/stats?window=24h`);
  const stateOf = (kind: 'tcp' | 'dns', wanted: MonitorView['state'], timeoutMs: number) =>
    pollUntil(
      async () => {
        const m = await monitor(kind);
        return m.state === wanted ? m : new NotYet(m.state);
      },
      { timeoutMs, what: `the ${kind} monitor to be ${wanted}` },
    );

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'crosscheck-e2e-types-'));
    [ping, dns] = await Promise.all([
      startPingServer(),
      startDnsServer({ 'service.test/A': [{ type: 'A', name: 'service.test', ttl: 60, data: '192.0.2.10' }] }),
    ]);
    runtime = await startRuntime(['--data-dir', join(root, 'data')]);
    api = apiClient(runtime.url, runtime.token);
  });

  afterAll(async () => {
    await killAllRuntimes();
    await Promise.all([ping?.close(), dns?.close()]);
    if (root) await rm(root, { recursive: true, force: true });
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      if (runtime) console.error(`--- runtime stderr (last lines) ---\n${tail(runtime.stderr())}`);
    });
  });

  it('a tcp and a dns monitor added through the API go UP, checked from both regions', { timeout: 60_000 }, async () => {
    const tcp = await api.post<MonitorView>('v1/monitors', {
      type: 'tcp',
      name: 'e2e tcp',
      url: `tcp://127.0.0.1:${ping.port}`,
      body: 'PING\r\n',
      intervalSeconds: INTERVAL_S,
      timeoutMs: 2000,
      conditions: ['[CONNECTED] == true', '[BODY] == PONG'],
    });
    expect(tcp.status, JSON.stringify(tcp.body)).toBe(201);
    ids.tcp = tcp.body.id;
    const dnsMonitor = await api.post<MonitorView>('v1/monitors', {
      type: 'dns',
      name: 'e2e dns',
      resolver: `127.0.0.1:${dns.port}`,
      queryName: 'service.test',
      queryType: 'A',
      intervalSeconds: INTERVAL_S,
      timeoutMs: 2000,
      conditions: ['[DNS_RCODE] == NOERROR', '[BODY] == 192.0.2.10'],
    });
    expect(dnsMonitor.status, JSON.stringify(dnsMonitor.body)).toBe(201);
    ids.dns = dnsMonitor.body.id;
    await Promise.all([stateOf('tcp', 'UP', INTERVAL_MS + 30_000), stateOf('dns', 'UP', INTERVAL_MS + 30_000)]);
    expect(ping.connections).toBeGreaterThanOrEqual(2);
    expect(dns.queries.length).toBeGreaterThanOrEqual(2);
  });

  it.each(['tcp', 'dns'] as const)('%s: a failure seen by one location is refuted: an anomaly, no incident', { timeout: 60_000 }, async (kind) => {
    if (kind === 'tcp') ping.errNext(1);
    else dns.servfailNext(1);
    const recorded = await pollUntil(
      async () => {
        const s = await stats(kind);
        return s.anomalies >= 1 ? s : new NotYet(`anomalies: ${s.anomalies}`);
      },
      { timeoutMs: 2 * INTERVAL_MS + 30_000, what: `an anomaly of the ${kind} monitor` },
    );
    expect(recorded.incidents).toBe(0);
    expect(await incidents(kind)).toEqual([]);
    expect((await monitor(kind)).state).toBe('UP');
  });

  it.each(['tcp', 'dns'] as const)('%s: an outage is confirmed from both locations, then resolves when healed', { timeout: 120_000 }, async (kind) => {
    if (kind === 'tcp') ping.errNext(1_000_000);
    else dns.servfailAll(true);
    await stateOf(kind, 'DOWN', 2 * INTERVAL_MS + 30_000);
    const [opened] = await incidents(kind);
    expect(opened).toMatchObject({ status: 'open', verification: 'confirmed', cause: 'condition', verifier: { outcome: 'confirmed' } });
    expect(opened!.verifier!.region).not.toBe(opened!.primary.region);

    if (kind === 'tcp') ping.errNext(0);
    else dns.servfailAll(false);
    await stateOf(kind, 'UP', 3 * INTERVAL_MS + 30_000);
    const all = await incidents(kind);
    expect(all).toHaveLength(1);
    expect(all[0]!.status).toBe('resolved');
  });
});
