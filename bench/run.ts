/**
 * `npm run bench [-- <name>...]`: runs the benchmarks and prints Markdown tables.
 * Names: engine, concurrency, false-alarms, api-latency, memory, bundles, cost. No name runs them all.
 */
import { benchBatchConcurrency, benchEngine } from './engine.ts';
import { benchFalseAlarms } from './false-alarms.ts';
import { benchApiLatency, benchRuntimeMemory } from './runtime.ts';
import { benchBundles } from './bundles.ts';
import { benchCost } from './cost.ts';

const BENCHES: Readonly<Record<string, { title: string; run: () => Promise<string> }>> = {
  engine: { title: 'Check engine throughput (loopback, new connection per check, one core)', run: benchEngine },
  concurrency: { title: 'Batch concurrency (target answers after 200 ms)', run: benchBatchConcurrency },
  'false-alarms': { title: 'False alarms and missed outages (simulation, seeded trace)', run: benchFalseAlarms },
  'api-latency': { title: 'API latency with 90 days of rollups (npm start, loopback)', run: benchApiLatency },
  memory: { title: 'Memory of npm start with 100 monitors at 10 s', run: benchRuntimeMemory },
  bundles: { title: 'Lambda bundles: size and load time in a fresh Node process', run: benchBundles },
  cost: { title: 'Cost per month: 50 monitors at 60 s in two regions', run: benchCost },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(`CrossCheck benchmarks, node ${process.version}, ${new Date().toISOString()}\n`);
for (const [name, bench] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stdout.write(`\n## ${bench.title}\n\n${await bench.run()}\n`);
}
