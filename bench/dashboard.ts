/**
 * `npm run bench -- dashboard`: what the one-request views cost at 100, 1,000 and 10,000
 * monitors, in process over SQLite (no HTTP): GET /v1/summary (the admin list) and
 * GET /v1/status-pages/{slug} (a status page showing every monitor), each monitor with 24
 * hours of rollups, a tenth of them down with an open incident, every twentieth with a
 * refuted failure. Bytes as sent and gzipped; latency p50/p99; and a 304 for an unchanged ETag.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createChannelSender } from '../functions/adapters/common/channels/channel-sender.ts';
import { openLocalStores } from '../functions/adapters/local/index.ts';
import { openLocalSigner } from '../functions/adapters/local/signer.ts';
import { bearerTokenAuth } from '../functions/api/auth.ts';
import { createApi } from '../functions/api/create-api.ts';
import type { ApiGatewayV2Event } from '../functions/api/event.ts';
import { bucketOf } from '../functions/core/latency.ts';
import { LOCAL_POLICY } from '../functions/engine/index.ts';
import { parseMonitorDefinition } from '../functions/core/monitor.ts';
import { createStatusPage } from '../functions/services/status-pages.ts';
import { monitorLifecycle } from '../functions/services/monitor-lifecycle.ts';
import { createLedgerWriter } from '../functions/services/ledger.ts';
import { markdownTable } from './table.ts';

const HOUR = 3_600_000;
const TOKEN = 'bench-token-0123456789abcdef';

function event(path: string, headers: Record<string, string> = {}): ApiGatewayV2Event {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { authorization: `Bearer ${TOKEN}`, ...headers },
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path, sourceIp: '127.0.0.1' }, requestId: 'bench' },
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function measure(size: number): Promise<string[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-bench-dash-'));
  const stores = openLocalStores({ path: ':memory:' });
  try {
    const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
    const now = Date.now();
    const clock = { now: () => now };
    const ledgerWriter = createLedgerWriter({ ledger: stores.ledger, signer, clock });
    const regions = ['local-a', 'local-b'];
    const definition = parseMonitorDefinition({ name: 'x', url: 'https://bench.example.test/' });
    const thisHour = Math.floor(now / HOUR) * HOUR;
    for (let i = 0; i < size; i++) {
      const id = `m${String(i).padStart(5, '0')}`;
      const createdAt = new Date(now - 100 * 24 * HOUR).toISOString();
      const monitor = { ...definition, id, name: `service-${i}`, createdAt, updatedAt: createdAt };
      await stores.monitors.create(monitor);
      const down = i % 10 === 0;
      if (down) {
        const result = { url: 'https://bench.example.test/', method: 'GET' as const, region: 'local-a', startedAt: new Date(now - HOUR).toISOString(), connected: true, status: 503, httpVersion: '1.1', remoteIp: null, timings: { dns: 1, connect: 1, tls: 1, ttfb: 5, total: 6 }, headers: {}, bodyBytes: 0, tls: null, redirects: [], error: null, success: false, cause: 'condition' as const, conditions: [{ condition: '[STATUS] (503) == 200', success: false }], bodyExcerpt: '' };
        await stores.incidents.create({ id: `inc-${id}`, monitorId: id, monitorName: monitor.name, status: 'open', openedAt: new Date(now - HOUR).toISOString(), resolvedAt: null, cause: 'condition', verification: 'confirmed', primary: { region: 'local-a', result }, verifier: { region: 'local-b', result: { ...result, region: 'local-b' }, outcome: 'confirmed' }, ledger: { opened: null, resolved: null } });
        if (i % 20 === 0) {
          await stores.results.putAnomaly({ id: `anm-${id}`, monitorId: id, at: new Date(now - 10 * 60_000).toISOString(), primary: { region: 'local-a', result }, verifier: { region: 'local-b', result: { ...result, region: 'local-b', success: true, status: 200, cause: null, conditions: [] } } });
        }
      }
      await stores.states.put({ monitorId: id, status: down ? 'DOWN' : 'UP', version: 0, since: new Date(now - 5 * HOUR).toISOString(), lastCheckAt: null, failures: {}, successes: 0, verification: null, openIncidentId: down ? `inc-${id}` : null, certWarnings: null }, 0);
      for (let h = 0; h < 24; h++) {
        await stores.results.addToRollup({ monitorId: id, region: 'local-a', hour: thisHour - h * HOUR }, { checks: 60, failures: 0, anomalies: 0, latencySumMs: 60 * (80 + h), histogram: { [bucketOf(80 + h)]: 60 } });
      }
    }
    const perGroup = Math.ceil(size / 50);
    const groups = Array.from({ length: Math.ceil(size / perGroup) }, (_, g) => ({
      name: `group ${g}`,
      monitors: Array.from({ length: Math.min(perGroup, size - g * perGroup) }, (_, k) => ({ monitorId: `m${String(g * perGroup + k).padStart(5, '0')}` })),
    }));
    const api = createApi({
      ...stores,
      ledgerWriter,
      lifecycle: monitorLifecycle({ ...stores, ledgerWriter, verify: { send: async () => undefined }, notifier: { send: async () => undefined }, clock, regions }),
      runCheckNow: async () => [],
      channelSender: createChannelSender({ policy: LOCAL_POLICY, retries: 0 }),
      // Not measured here: the log's routes and their keys.
      noteKeys: async () => [],
      signer,
      clock,
      ids: { next: () => 'x' },
      regions,
      authorize: bearerTokenAuth(TOKEN),
      assets: { get: async () => null },
      logger: { error: (message) => process.stderr.write(`${message}\n`) },
    });
    // Through the service: a page of 10,000 monitors is a body over the API's 64 KiB limit.
    await createStatusPage({ documents: stores.documents, monitors: stores.monitors, clock }, { slug: 'all', title: 'All', groups });

    const rows: string[][] = [];
    for (const [label, path] of [['GET /v1/summary', '/v1/summary'], ['GET /v1/status-pages/{slug}', '/v1/status-pages/all']] as const) {
      const runs = size >= 10_000 ? 10 : size >= 1000 ? 30 : 100;
      const first = await api(event(path));
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const start = performance.now();
        await api(event(path));
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const start = performance.now();
      const unchanged = await api(event(path, { 'if-none-match': first.headers['etag']! }));
      const notModifiedMs = performance.now() - start;
      rows.push([
        label,
        String(size),
        `${(Buffer.byteLength(first.body) / 1024).toFixed(1)} KB`,
        `${(gzipSync(first.body).length / 1024).toFixed(1)} KB`,
        `${quantile(times, 0.5).toFixed(1)} ms`,
        `${quantile(times, 0.99).toFixed(1)} ms`,
        `${unchanged.statusCode} in ${notModifiedMs.toFixed(1)} ms`,
      ]);
    }
    return rows;
  } finally {
    stores.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchDashboard(): Promise<string> {
  const sizes = (process.env['BENCH_DASHBOARD_SIZES'] ?? '100,1000,10000').split(',').map(Number);
  const rows: string[][] = [];
  for (const size of sizes) rows.push(...(await measure(size)));
  return markdownTable(['request', 'monitors', 'bytes', 'gzipped', 'p50', 'p99', 'If-None-Match'], rows);
}
