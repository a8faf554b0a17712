/**
 * Issue 10 benchmark: what a probe agent costs. `crosscheck agent` runs as its own
 * process (bin/crosscheck.ts on this Node, as `npx crosscheck agent` runs it) against a
 * scripted hub in this process that hands it 100 monitors at 10 s (10 checks a second)
 * and accepts each signed result after checking its ES256 signature; the target is a
 * loopback server in its own process. After a warm-up, the agent's RSS (VmRSS, VmHWM)
 * and its CPU time per check come from /proc.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compactVerify, importJWK, type CryptoKey } from 'jose';
import { markdownTable } from './table.ts';
import { startTarget } from './target.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MONITORS = 100;
const INTERVAL_S = 10;

function procFigures(pid: number): { rssKiB: number; hwmKiB: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime, fields 14 and 15
  return { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM'), cpuMs: (ticks * 1000) / 100 };
}

export async function benchAgent(): Promise<string> {
  const seconds = Number(process.env.BENCH_AGENT_SECONDS ?? 90);
  const warmup = 20;
  const target = await startTarget(0);
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-bench-agent-'));
  let key: CryptoKey | null = null;
  let posted = 0;
  let verifyMs = 0;
  const ready: { id: string; monitor: object }[] = [];
  const monitors = Array.from({ length: MONITORS }, (_, i) => ({
    id: `m${i}`, name: `m${i}`, url: `${target.url}health`, method: 'GET', headers: {}, intervalSeconds: INTERVAL_S, timeoutMs: 10_000,
    conditions: ['[STATUS] == 200'], regions: ['bench'], tags: [], paused: false, failureThreshold: 1, successThreshold: 2,
    certExpiryWarningDays: [30, 14, 7], followRedirects: true, maxRedirects: 5, verifyTls: true, alerts: { email: [], webhooks: [] }, maintenance: [],
    createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
  }));
  let tick = 0;
  const schedule = setInterval(() => {
    // 100 monitors at 10 s: a tenth of them every second.
    for (let i = tick % INTERVAL_S; i < MONITORS; i += INTERVAL_S) ready.push({ id: `j${tick}-${i}`, monitor: monitors[i]! });
    tick++;
  }, 1000);
  const hub = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://hub');
      if (url.pathname === '/v1/agent/key') {
        key = (await importJWK(JSON.parse(body).jwk, 'ES256')) as CryptoKey;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else if (url.pathname === '/v1/agent/jobs') {
        const wait = (): Promise<void> => (ready.length > 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, 100)).then(wait));
        await Promise.race([wait(), new Promise((r) => setTimeout(r, 20_000))]);
        const jobs = ready.splice(0, 100).map((j) => ({ jobId: j.id, kind: 'check', location: 'bench', scheduledFor: new Date().toISOString(), monitor: j.monitor }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jobs }));
      } else {
        const t = performance.now();
        await compactVerify(JSON.parse(body).jws, key!);
        verifyMs += performance.now() - t;
        posted++;
        res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
      }
    });
  });
  await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
  const port = (hub.address() as { port: number }).port;
  const agent = spawn(process.execPath, ['bin/crosscheck.ts', 'agent', '--hub', `http://127.0.0.1:${port}`, '--token', `cca_${'A'.repeat(43)}`, '--location', 'bench', '--data-dir', dir, '--allow-private'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  try {
    await new Promise((r) => setTimeout(r, warmup * 1000));
    const before = procFigures(agent.pid!);
    const postedBefore = posted;
    let largest = before.rssKiB;
    for (let s = 0; s < seconds; s += 5) {
      await new Promise((r) => setTimeout(r, 5000));
      largest = Math.max(largest, procFigures(agent.pid!).rssKiB);
    }
    const after = procFigures(agent.pid!);
    const checks = posted - postedBefore;
    const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
    return [
      `${MONITORS} monitors at ${INTERVAL_S} s (${(MONITORS / INTERVAL_S).toFixed(0)} checks/s) for ${seconds} s after ${warmup} s of warm-up; agent = node bin/crosscheck.ts (sources, as npx runs it).`,
      '',
      markdownTable(
        ['RSS at start of window', 'RSS at end', 'largest sample', 'peak (VmHWM)', 'checks posted', 'agent CPU per check (goal 0.5 ms)', 'hub: ES256 verify per result'],
        [[mib(before.rssKiB), mib(after.rssKiB), mib(largest), mib(after.hwmKiB), String(checks), `${((after.cpuMs - before.cpuMs) / Math.max(1, checks)).toFixed(2)} ms`, `${(verifyMs / Math.max(1, posted)).toFixed(2)} ms`]],
      ),
    ].join('\n');
  } finally {
    clearInterval(schedule);
    agent.kill('SIGTERM');
    await new Promise((r) => agent.once('exit', r));
    hub.closeAllConnections();
    hub.close();
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
