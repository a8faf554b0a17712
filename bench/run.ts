/**
 * `npm run bench [-- <name> [arg...]...]`: runs the benchmarks and prints Markdown tables.
 * Names: engine, concurrency, false-alarms, api-latency, memory, bundles, cost, ledger, dashboard, scale, agent.
 * No name runs them all but scale and agent (minutes long: ask for them). A number after a name is
 * that benchmark's argument (`scale 10000`: the number of monitors).
 */
import { benchAgent } from './agent.ts';
import { benchBatchConcurrency, benchEngine } from './engine.ts';
import { benchFalseAlarms } from './false-alarms.ts';
import { benchApiLatency, benchRuntimeMemory } from './runtime.ts';
import { benchBundles } from './bundles.ts';
import { benchCost } from './cost.ts';
import { benchScale } from './scale.ts';
import { benchLedger } from './ledger.ts';
import { benchDashboard } from './dashboard.ts';

const BENCHES: Readonly<Record<string, { title: string; run: (args: readonly string[]) => Promise<string>; onlyWhenAsked?: true }>> = {
  engine: { title: 'Check engine throughput (loopback, new connection per check, one core)', run: benchEngine },
  concurrency: { title: 'Batch concurrency (target answers after 200 ms)', run: benchBatchConcurrency },
  'false-alarms': { title: 'False alarms and missed outages (simulation, seeded trace)', run: benchFalseAlarms },
  'api-latency': { title: 'API latency with 90 days of rollups (npm start, loopback)', run: benchApiLatency },
  memory: { title: 'Memory of npm start with 100 monitors at 10 s', run: benchRuntimeMemory },
  bundles: { title: 'Lambda bundles: size and load time in a fresh Node process', run: benchBundles },
  cost: { title: 'Cost per month: 50 monitors at 60 s in two regions', run: benchCost },
  ledger: { title: 'The ledger as a transparency log: appends with checkpoints, proof sizes, verifying from tiles, KMS Signs', run: benchLedger },
  dashboard: { title: 'One-request views (summary, status page) at 100, 1,000 and 10,000 monitors, in process over SQLite', run: () => benchDashboard() },
  scale: { title: 'One box at scale (npm start, monitors from a Gatus-style file, loopback target)', run: benchScale, onlyWhenAsked: true },
  agent: { title: 'A probe agent with 100 monitors at 10 s: memory and CPU per check', run: benchAgent, onlyWhenAsked: true },
};

/** Names in order, each with the arguments that follow it. */
const wanted = new Map<string, string[]>();
const unknown: string[] = [];
let last: string[] | null = null;
for (const arg of process.argv.slice(2)) {
  if (Object.hasOwn(BENCHES, arg)) wanted.set(arg, (last = []));
  else if (last !== null && /^\d+$/.test(arg)) last.push(arg);
  else unknown.push(arg);
}
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(`CrossCheck benchmarks, node ${process.version}, ${new Date().toISOString()}\n`);
for (const [name, bench] of Object.entries(BENCHES)) {
  const args = wanted.get(name);
  if (wanted.size > 0 ? args === undefined : bench.onlyWhenAsked) continue;
  process.stdout.write(`\n## ${bench.title}\n\n${await bench.run(args ?? [])}\n`);
}
