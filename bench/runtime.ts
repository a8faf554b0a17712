/**
 * Issue 4 benchmarks, on `npm start` as a separate process:
 * - resident memory with 100 monitors at 10 s intervals against a loopback target,
 *   after 3 minutes (BENCH_RUNTIME_SECONDS to change);
 * - latency of GET /v1/status and GET /v1/monitors/{id}/stats?window=90d with 90 days
 *   of hourly rollups loaded for 100 monitors in two regions (p50, p99).
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDatabasePath, openLocalStores } from '../functions/adapters/local/index.ts';
import { openLocalSigner } from '../functions/adapters/local/signer.ts';
import type { Incident } from '../functions/core/incident.ts';
import { histogramOf } from '../functions/core/latency.ts';
import { createLedgerWriter } from '../functions/services/ledger.ts';
import { createMonitor } from '../functions/services/monitors.ts';
import { api, startRuntimeProcess } from './runtime-process.ts';
import { markdownTable } from './table.ts';
import { startTarget } from './target.ts';

const HOUR = 3_600_000;
const MONITORS = 100;

export async function benchRuntimeMemory(): Promise<string> {
  const seconds = Number(process.env.BENCH_RUNTIME_SECONDS ?? 180);
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-bench-mem-'));
  const target = await startTarget(0);
  const runtime = await startRuntimeProcess(join(dir, 'data'));
  try {
    const idle = runtime.memory();
    for (let i = 0; i < MONITORS; i++) {
      await api(runtime, 'POST', '/v1/monitors', { name: `bench-${i}`, url: `${target.url}?m=${i}`, intervalSeconds: 10, conditions: ['[STATUS] == 200'] });
    }
    const samples: number[] = [];
    const cpu0 = runtime.cpuSeconds();
    for (let t = 0; t < seconds; t += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      samples.push(runtime.memory().rssMiB);
    }
    const end = runtime.memory();
    const tree = runtime.treeMemory();
    const cpuShare = (runtime.cpuSeconds() - cpu0) / seconds;
    const { items } = await api<{ items: { id: string }[] }>(runtime, 'GET', '/v1/monitors?limit=1');
    const checks = await api<{ checks: number }>(runtime, 'GET', `/v1/monitors/${items[0]!.id}/stats?window=24h`);
    const status = await api<{ monitors: { state: string }[] }>(runtime, 'GET', '/v1/status');
    const up = status.monitors.filter((m) => m.state === 'UP').length;
    return [
      markdownTable(
        ['monitors', 'interval', 'duration', 'RSS idle', 'RSS at end', 'RSS max sampled', 'peak RSS (VmHWM)', 'every process left resident', 'target', 'CPU (one core)', 'monitors UP', 'checks of one monitor'],
        [[
          String(MONITORS),
          '10 s',
          `${seconds} s`,
          `${idle.rssMiB.toFixed(1)} MiB`,
          `${end.rssMiB.toFixed(1)} MiB`,
          `${Math.max(...samples).toFixed(1)} MiB`,
          `${end.peakMiB.toFixed(1)} MiB`,
          `${tree.processes} process${tree.processes === 1 ? '' : 'es'}, ${tree.rssMiB.toFixed(1)} MiB`,
          end.rssMiB <= 80 ? 'met (<= 80 MB)' : 'NOT met (> 80 MB)',
          `${(100 * cpuShare).toFixed(1)} %`,
          `${up}/${MONITORS}`,
          String(checks.checks),
        ]],
      ),
      '',
      `Two regions, so ${(MONITORS * 2 * 6).toLocaleString('en')} checks a minute, each a new connection. ` +
        '"Every process left resident" counts the started process and all its descendants (npm itself is not started here); ' +
        'on a Node without process.execve (older than 22.15) the launcher that starts Node 24 stays as a parent process too, and is not counted here.',
    ].join('\n');
  } finally {
    await runtime.stop();
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A plausible incident for read benchmarks (not signed: only its reads are measured). */
function benchIncident(id: string, monitorId: string, m: number, openedAt: number, resolvedAt: number | null): Incident {
  const result = { url: 'http://127.0.0.1:9/', method: 'GET', region: 'local-a', startedAt: new Date(openedAt).toISOString(), connected: false, status: 0, httpVersion: null, remoteIp: null, timings: { dns: null, connect: null, tls: null, ttfb: null, total: 10_000 }, headers: {}, bodyBytes: 0, tls: null, redirects: [], success: false, cause: 'timeout' as const, error: 'timeout', conditions: [], bodyExcerpt: '' };
  return {
    id,
    monitorId,
    monitorName: `history-${m}`,
    status: resolvedAt === null ? 'open' : 'resolved',
    openedAt: new Date(openedAt).toISOString(),
    resolvedAt: resolvedAt === null ? null : new Date(resolvedAt).toISOString(),
    cause: 'timeout',
    verification: 'confirmed',
    primary: { region: 'local-a', result },
    verifier: { region: 'local-b', result: { ...result, region: 'local-b' }, outcome: 'confirmed' },
    ledger: { opened: null, resolved: null },
  };
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: at(50), p99: at(99) };
}

async function timeRequests(url: URL, token: string, count: number): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < count + 20; i++) {
    const t0 = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    if (i >= 20) samples.push(performance.now() - t0); // first 20 warm up
  }
  return percentiles(samples);
}

export async function benchApiLatency(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-bench-api-'));
  const dataDir = join(dir, 'data');
  try {
    // 1. Monitors created 91 days ago through the monitor service (signed ledger entries),
    //    paused so that nothing checks them, with 90 days of hourly rollups per region and
    //    a handful of incidents each, straight into the database the runtime will open.
    mkdirSync(dataDir, { recursive: true });
    const stores = openLocalStores({ path: localDatabasePath(dataDir) });
    const signer = await openLocalSigner(dataDir, { ledgerHasEntries: false });
    const now = Math.floor(Date.now() / HOUR) * HOUR;
    let clockMs = now - 91 * 24 * HOUR;
    const clock = { now: () => clockMs };
    let next = 0;
    const monitorDeps = { monitors: stores.monitors, states: stores.states, ledgerWriter: createLedgerWriter({ ledger: stores.ledger, signer, clock }), clock, ids: { next: () => `bench-${++next}` }, regions: ['local-a', 'local-b'] };
    const ids: string[] = [];
    for (let i = 0; i < MONITORS; i++) {
      ids.push((await createMonitor(monitorDeps, { name: `history-${i}`, url: `http://127.0.0.1:9/${i}`, paused: true })).id);
    }
    clockMs = now;
    let rows = 0;
    let incidents = 0;
    for (const [m, monitorId] of ids.entries()) {
      for (const region of ['local-a', 'local-b']) {
        for (let h = 90 * 24; h > 0; h--) {
          const failures = (h + m) % 97 === 0 ? 3 : 0;
          await stores.results.addToRollup(
            { monitorId, region, hour: now - h * HOUR },
            { checks: 60, failures, anomalies: h % 50 === 0 ? 1 : 0, latencySumMs: 60 * 40, histogram: { ...histogramOf(30 + (h % 7)), ...histogramOf(120) } },
          );
          rows++;
        }
      }
      for (let k = 0; k < 6; k++) {
        const openedAt = now - (k * 15 + (m % 10) + 1) * 24 * HOUR;
        await stores.incidents.create(benchIncident(`inc-${m}-${k}`, monitorId, m, openedAt, k === 0 && m % 20 === 0 ? null : openedAt + (5 + k) * 60_000));
        incidents++;
      }
    }
    stores.close();

    // 3. Measure against a fresh process reading those rollups.
    const runtime = await startRuntimeProcess(dataDir);
    try {
      const count = Number(process.env.BENCH_API_REQUESTS ?? 200);
      const status = await timeRequests(new URL('/v1/status', runtime.url), runtime.token, count);
      const stats = await timeRequests(new URL(`/v1/monitors/${ids[0]}/stats?window=90d`, runtime.url), runtime.token, count);
      const statusOne = await timeRequests(new URL(`/v1/status/${ids[0]}`, runtime.url), runtime.token, count);
      const ms = (v: number) => `${v.toFixed(1)} ms`;
      return [
        `${MONITORS} monitors created 91 days ago, x 2 regions x 90 days of hourly rollups = ${rows.toLocaleString('en')} rollup rows, and ${incidents} incidents; ${count} sequential requests each over keep-alive, after 20 warm-up requests.`,
        '',
        markdownTable(
          ['request', 'p50', 'p99'],
          [
            ['GET /v1/status (all 100 monitors, uptime 24h and 30d)', ms(status.p50), ms(status.p99)],
            ['GET /v1/monitors/{id}/stats?window=90d', ms(stats.p50), ms(stats.p99)],
            ['GET /v1/status/{id} (dashboard detail: 90 daily bars, latency series)', ms(statusOne.p50), ms(statusOne.p99)],
          ],
        ),
      ].join('\n');
    } finally {
      await runtime.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
