/**
 * `npm run bench -- scale [N]`: the one-box scale test. N monitors (default 1,000) from a
 * Gatus-style YAML file, each checked every BENCH_SCALE_INTERVAL seconds (default 60) from
 * the two local regions, against a loopback target in its own process, by one runtime
 * started exactly as `npm start` starts it. Measured:
 * - start-up: the first start (the file's monitors created, each with its signed ledger
 *   entry) and a restart on the same folder, to the start-up banner;
 * - over a window of BENCH_SCALE_SECONDS (default 180) after one minute of warm-up: the
 *   share of due checks that started within 2 s of their time (due times re-planned
 *   with the core's own planner, starts read back from the database), the runtime's CPU
 *   per check, resident memory (sampled, and the kernel's peak), bytes written to
 *   storage per check, and the database's growth;
 * - API latency: GET /v1/status cold (the first request after start) and warm, and the
 *   admin list GET /v1/monitors?limit=100, p50 and p99.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { localDatabasePath } from '../functions/adapters/local/index.ts';
import type { Monitor } from '../functions/core/monitor.ts';
import { planChecks } from '../functions/core/schedule.ts';
import { startRuntimeProcess, type RuntimeProcess } from './runtime-process.ts';
import { markdownTable } from './table.ts';
import { startTarget } from './target.ts';

const REGIONS = ['local-a', 'local-b'];
const ON_TIME_MS = 2_000;
const WARM_UP_MS = 60_000;

export interface ScaleOptions {
  readonly monitors: number;
  readonly intervalSeconds: number;
  readonly seconds: number;
}

export function scaleOptions(args: readonly string[]): ScaleOptions {
  const monitors = Number(args[0] ?? process.env.BENCH_SCALE_MONITORS ?? 1_000);
  const intervalSeconds = Number(process.env.BENCH_SCALE_INTERVAL ?? 60);
  const seconds = Number(process.env.BENCH_SCALE_SECONDS ?? 180);
  for (const [name, value] of Object.entries({ monitors, intervalSeconds, seconds })) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`scale: ${name} must be a positive integer, got ${String(value)}`);
  }
  return { monitors, intervalSeconds, seconds };
}

function gatusYaml(count: number, intervalSeconds: number, targetUrl: string): string {
  const lines = ['endpoints:'];
  for (let i = 0; i < count; i++) {
    lines.push(`  - name: scale-${i}`, `    url: "${targetUrl}?m=${i}"`, `    interval: ${intervalSeconds}s`, '    conditions: ["[STATUS] == 200"]');
  }
  return `${lines.join('\n')}\n`;
}

function percentiles(samples: readonly number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return { p50: at(50), p99: at(99) };
}

async function timeGet(runtime: RuntimeProcess, path: string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const response = await fetch(new URL(path, runtime.url), { headers: { authorization: `Bearer ${runtime.token}` } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
    samples.push(performance.now() - t0);
  }
  return samples;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Punctuality {
  readonly due: number;
  readonly onTime: number;
  readonly ran: number;
  readonly lateP99Ms: number;
}

/**
 * Every check due in [fromMs, toMs), planned again with the scheduler's own planner, and
 * the first check of that monitor and region that started at or after its due time (and
 * before the next one is due).
 */
function punctuality(dbPath: string, fromMs: number, toMs: number): Punctuality {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const monitors = (db.prepare('SELECT body FROM monitors').all() as { body: string }[]).map((row) => JSON.parse(row.body) as Monitor);
    const starts = new Map<string, number[]>();
    for (const row of db.prepare('SELECT monitor_id, region, started_ms FROM results WHERE started_ms >= ? AND started_ms < ? ORDER BY started_ms').iterate(fromMs - 1_000, toMs + 60_000) as Iterable<{
      monitor_id: string;
      region: string;
      started_ms: number;
    }>) {
      const key = `${row.monitor_id}\u0000${row.region}`;
      let list = starts.get(key);
      if (!list) starts.set(key, (list = []));
      list.push(row.started_ms);
    }
    let due = 0;
    let onTime = 0;
    let ran = 0;
    const lateness: number[] = [];
    for (let minute = Math.floor(fromMs / 60_000) * 60_000; minute < toMs; minute += 60_000) {
      for (const { job } of planChecks(monitors, minute, REGIONS)) {
        const dueMs = Date.parse(job.scheduledFor);
        if (dueMs < fromMs || dueMs >= toMs) continue;
        due += 1;
        const list = starts.get(`${job.monitor.id}\u0000${job.region}`) ?? [];
        // Starts are a little before the due second when a timer fires early; allow 50 ms.
        const started = list.find((ms) => ms >= dueMs - 50 && ms < dueMs + job.monitor.intervalSeconds * 1000);
        if (started === undefined) continue;
        ran += 1;
        lateness.push(Math.max(0, started - dueMs));
        if (started - dueMs <= ON_TIME_MS) onTime += 1;
      }
    }
    return { due, onTime, ran, lateP99Ms: lateness.length > 0 ? percentiles(lateness).p99 : Number.NaN };
  } finally {
    db.close();
  }
}

export async function benchScale(args: readonly string[] = []): Promise<string> {
  const { monitors, intervalSeconds, seconds } = scaleOptions(args);
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-bench-scale-'));
  const dataDir = join(dir, 'data');
  const config = join(dir, 'monitors.yaml');
  const target = await startTarget(0);
  try {
    await writeFile(config, gatusYaml(monitors, intervalSeconds, target.url));
    const first = await startRuntimeProcess(dataDir, ['--config', config]);
    const firstStartMs = first.startupMs;
    await first.stop();

    const runtime = await startRuntimeProcess(dataDir, ['--config', config]);
    try {
      const cold = await timeGet(runtime, '/v1/status', 1);
      await delay(WARM_UP_MS);
      const dbPath = localDatabasePath(dataDir);
      const dbBytes0 = statSync(dbPath).size + (statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0);
      const cpu0 = runtime.cpuSeconds();
      const written0 = runtime.writtenBytes();
      const fromMs = Date.now();
      const rss: number[] = [];
      for (let t = 0; t < seconds; t += 5) {
        await delay(5_000);
        rss.push(runtime.memory().rssMiB);
      }
      const toMs = Date.now();
      const cpu = runtime.cpuSeconds() - cpu0;
      const written1 = runtime.writtenBytes();
      const dbBytes1 = statSync(dbPath).size + (statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0);
      const peak = runtime.memory().peakMiB;
      const warm = percentiles(await timeGet(runtime, '/v1/status', 50));
      const list = percentiles(await timeGet(runtime, '/v1/monitors?limit=100', 50));
      await runtime.stop();

      const p = punctuality(dbPath, fromMs, toMs);
      const ms = (v: number) => `${v.toFixed(1)} ms`;
      const perCheck = (v: number) => (p.ran > 0 ? v / p.ran : Number.NaN);
      const written = written0 === null || written1 === null ? null : written1 - written0;
      return [
        `${monitors.toLocaleString('en')} monitors at ${intervalSeconds} s in ${REGIONS.length} regions (${((monitors * REGIONS.length) / intervalSeconds).toFixed(1)} checks/s), ` +
          `${seconds} s measured after ${WARM_UP_MS / 1000} s of warm-up; one runtime as npm start runs it; the target in its own process.`,
        '',
        markdownTable(
          ['figure', 'value'],
          [
            ['first start (creates every monitor with its signed entry)', `${(firstStartMs / 1000).toFixed(2)} s`],
            ['restart with the monitors in place', `${(runtime.startupMs / 1000).toFixed(2)} s`],
            ['checks due in the window', p.due.toLocaleString('en')],
            [`started within ${ON_TIME_MS / 1000} s of their time`, `${((100 * p.onTime) / Math.max(1, p.due)).toFixed(2)} %`],
            ['ran at all (before the next was due)', `${((100 * p.ran) / Math.max(1, p.due)).toFixed(2)} %`],
            ['lateness p99', ms(p.lateP99Ms)],
            ['runtime CPU per check', ms(1000 * perCheck(cpu))],
            ['runtime CPU share (one core)', `${((100 * cpu) / seconds).toFixed(1)} %`],
            ['RSS max sampled / at end / peak (VmHWM)', `${Math.max(...rss).toFixed(1)} / ${rss.at(-1)!.toFixed(1)} / ${peak.toFixed(1)} MiB`],
            ['bytes written to storage per check', written === null ? 'not readable here' : `${(perCheck(written) / 1024).toFixed(2)} KiB`],
            ['database (+WAL) growth per check', `${(perCheck(dbBytes1 - dbBytes0) / 1024).toFixed(2)} KiB`],
            ['GET /v1/status cold (first request after start)', ms(cold[0]!)],
            ['GET /v1/status warm p50 / p99', `${ms(warm.p50)} / ${ms(warm.p99)}`],
            ['GET /v1/monitors?limit=100 p50 / p99', `${ms(list.p50)} / ${ms(list.p99)}`],
          ],
        ),
      ].join('\n');
    } finally {
      await runtime.stop();
    }
  } finally {
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
