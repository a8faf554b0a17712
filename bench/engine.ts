/**
 * Issue 2 benchmark: the check engine against a loopback target.
 * - throughput and CPU ms per check (new connection per check), next to a plain
 *   `fetch` loop doing the same requests;
 * - batch concurrency: 50 checks against a target answering after 200 ms.
 */
import { parseMonitorDefinition } from '../functions/core/monitor.ts';
import { LOCAL_POLICY, runCheck } from '../functions/engine/index.ts';
import { markdownTable } from './table.ts';
import { startTarget } from './target.ts';

const CHECKS = Number(process.env.BENCH_ENGINE_CHECKS ?? 3000);
const IN_FLIGHT = 16;

async function timed(label: string, total: number, one: () => Promise<boolean>): Promise<string[]> {
  for (let i = 0; i < 200; i++) await one(); // warm-up
  let failures = 0;
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < total) if (!(await one())) failures++;
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return [
    label,
    String(total),
    (total / (wallMs / 1000)).toFixed(0),
    (total / (cpuMs / 1000)).toFixed(0),
    (cpuMs / total).toFixed(3),
    String(failures),
  ];
}

export async function benchEngine(): Promise<string> {
  const target = await startTarget(0);
  try {
    const definition = parseMonitorDefinition({ name: 'bench', url: target.url, conditions: ['[STATUS] == 200', '[BODY].status == UP'] });
    const engine = await timed('CrossCheck engine (runCheck, 2 conditions)', CHECKS, async () => (await runCheck(definition, { region: 'bench', policy: LOCAL_POLICY })).success);
    const plain = await timed('plain fetch + res.text()', CHECKS, async () => {
      const res = await fetch(target.url);
      await res.text();
      return res.status === 200;
    });
    const tcpDefinition = parseMonitorDefinition({ type: 'tcp', name: 'bench', url: `tcp://127.0.0.1:${target.tcpPort}`, body: 'PING\r\n', conditions: ['[CONNECTED] == true', '[BODY] == PONG'] });
    const tcp = await timed('engine, tcp (connect, PING, read PONG, 2 conditions)', CHECKS, async () => (await runCheck(tcpDefinition, { region: 'bench', policy: LOCAL_POLICY })).success);
    const dnsDefinition = parseMonitorDefinition({ type: 'dns', name: 'bench', resolver: `127.0.0.1:${target.dnsPort}`, queryName: 'bench.test', conditions: ['[DNS_RCODE] == NOERROR', '[BODY] == 192.0.2.1'] });
    const dns = await timed('engine, dns (A query over UDP, 2 conditions)', CHECKS, async () => (await runCheck(dnsDefinition, { region: 'bench', policy: LOCAL_POLICY })).success);
    return markdownTable(['client', 'checks', 'checks/s (wall)', 'checks/s per CPU-second', 'CPU ms/check', 'failures'], [engine, plain, tcp, dns]);
  } finally {
    await target.stop();
  }
}

export async function benchBatchConcurrency(): Promise<string> {
  const DELAY = 200;
  const target = await startTarget(DELAY);
  try {
    const definition = parseMonitorDefinition({ name: 'bench', url: target.url });
    const rows: string[][] = [];
    for (const n of [1, 10, 50]) {
      const t0 = performance.now();
      const results = await Promise.all(Array.from({ length: n }, () => runCheck(definition, { region: 'bench', policy: LOCAL_POLICY })));
      const wall = performance.now() - t0;
      const ok = results.filter((r) => r.success).length;
      rows.push([String(n), `${DELAY} ms`, `${wall.toFixed(0)} ms`, `${(wall / DELAY).toFixed(2)} x`, n === 50 ? (wall < 2 * DELAY ? 'yes (< 2 x 200 ms)' : 'NO') : '', `${ok}/${n}`]);
    }
    return markdownTable(['checks in batch', 'target latency', 'wall time', 'wall / latency', 'target met', 'passed'], rows);
  } finally {
    await target.stop();
  }
}
