/**
 * Issue 5 benchmark: dollars per month for 50 monitors at 60 s in two regions, by
 * service, at list price and after the always-free allowances.
 *
 * Self-contained: it runs the real Lambda handlers on moto (python3 -m moto.server) to
 * measure what each unit of work costs in AWS requests and bytes (bench/cost/measure.ts),
 * counts what the deployed stacks hold (alarms, polled queues, keys) in their synthesized
 * templates (bench/cost/stack.ts), builds a month of traffic from the real schedule and
 * wave packing, and prices it with the dated price list (bench/cost/prices.ts). Every
 * figure it cannot measure here is an assumption, printed with the result.
 */
import { costLines, DEFAULT_ASSUMPTIONS, totals, type Assumptions, type CostLine, type Scenario, type StackCounts } from './cost/model.ts';
import { measureOnMoto, type Measured } from './cost/measure.ts';
import { PRICES, PRICES_SOURCE } from './cost/prices.ts';
import { stackCounts } from './cost/stack.ts';
import { markdownTable } from './table.ts';

const TARGET_USD = 3;
const usd = (n: number) => (n < 0.005 && n > 0 ? '<0.01' : n.toFixed(2));
const qty = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(0) : n.toFixed(2).replace(/\.?0+$/, ''));

function measuredTable(m: Measured): string {
  const rows: string[][] = [];
  for (const [op, c] of Object.entries(m.checker)) rows.push(['checker', op, String(c.perCheck), String(c.perInvocation)]);
  rows.push(['event source (checks queue)', 'SQS ReceiveMessage + DeleteMessageBatch', '0', String(m.perBatch.receives + m.perBatch.deletes)]);
  for (const [op, n] of Object.entries(m.aggregator.requests)) rows.push([`aggregator (one run: ${m.aggregator.messages} messages, ${m.aggregator.rollups} rollups)`, op, '', String(n)]);
  return markdownTable(['function', 'operation', 'per check', 'per invocation / run'], rows);
}

function incidentTable(m: Measured): string {
  const rows = Object.entries(m.incident.requests).map(([op, n]) => [op, String(n)]);
  rows.push(['Lambda invocations', Object.entries(m.incident.invocations).map(([fn, n]) => `${fn} ${n}`).join(', ')]);
  return markdownTable(['one incident, opened and resolved (incl. its 4 checks)', 'requests'], rows);
}

function linesTable(lines: readonly CostLine[]): string {
  return markdownTable(
    ['service', 'what', 'per month', 'unit', 'list USD', 'after free tier USD'],
    lines.map((l) => [l.service, l.item, qty(l.quantity), l.unit, usd(l.listUsd), usd(l.freeUsd)]),
  );
}

function serviceTable(lines: readonly CostLine[]): string {
  const { byService, list, free } = totals(lines);
  const rows = [...byService].map(([service, t]) => [service, usd(t.list), usd(t.free)]);
  rows.push(['**total**', `**${usd(list)}**`, `**${usd(free)}**`]);
  return markdownTable(['service', 'list USD / month', 'after free tier USD / month'], rows);
}

function assumptionsText(scenario: Scenario, stack: StackCounts, a: Assumptions, m: Measured): string {
  const s = a.seconds;
  return [
    `- ${scenario.monitors} monitors at ${scenario.intervalSeconds} s in ${scenario.regions.join(' and ')} (home ${scenario.homeRegion}), all passing; a month is ${a.minutesPerMonth.toLocaleString('en-US')} minutes (30 days).`,
    `- The deployed defaults: waves of up to ${scenario.waveSeconds} s (\`checkWaveSeconds\`), the aggregator every ${scenario.rollupIntervalMinutes} minutes (\`rollupIntervalMinutes\`), the checker's event source at ${stack.checkerBatchSize} messages and a ${stack.checkerBatchingWindowSeconds} s window; stack counted in the synthesized templates: ${stack.alarms} alarms, ${stack.polledQueues} queues polled by event sources, ${stack.kmsKeys} KMS key.`,
    `- Request counts per check, per invocation and per run measured on ${m.moto} with the real handlers (${m.measuredAt}); item sizes read back from the table (state ${m.itemBytes.state} B, raw result ${m.itemBytes.result} B, rollup ${m.itemBytes.rollup} B, monitor ${m.itemBytes.monitor} B).`,
    '- A steady check reads its state eventually consistently (0.5 RRU); raw results: one sample per monitor, region and hour, failures and what follows them (none while all pass).',
    `- Every write to the global table is billed again in the other replica (replicated WRU at the WRU price); TTL deletes are free.`,
    `- Lambda's SQS pollers: ${a.idleReceivesPerMinutePerQueue} receives a minute per polled queue even when idle (five 20 s long polls), plus one receive and one delete per delivered batch; only the checks queues are polled (verifications are asynchronous invocations, the aggregator reads its queue when it runs).`,
    `- Durations (not measurable on loopback): checker ${s.checker} s per invocation (concurrent checks and the home-region round trips), scheduler ${s.scheduler} s, aggregator ${s.aggregator} s, api ${s.api} s, verifier ${s.verifier} s, recorder ${s.recorder} s; memory as deployed.`,
    `- ${a.incidentsPerMonth} incidents a month (each: verification, two signed ledger entries, two e-mails), ${a.monitorChangesPerMonth} monitor changes (two Signs each: the entry and the checkpoint after it), ${a.apiRequestsPerMonth.toLocaleString('en-US')} API requests.`,
    `- Logs: Lambda's START/END/REPORT lines ${a.platformLogBytesPerInvocation} B per invocation, plus what each function printed on moto (checker ${m.logBytesPerInvocation['checker']} B, scheduler ${m.logBytesPerInvocation['scheduler']} B, aggregator ${m.logBytesPerInvocation['aggregator']} B per invocation); ${a.continuousMetrics} custom metrics published all month (ChecksRun per region, JobsScheduled, cold starts).`,
    `- Storage: ${a.resultRetentionDays} days of raw results and ${a.rollupMonthsStored} months of rollups in each replica.`,
    '- "After free tier": the always-free monthly allowances (Lambda 1M requests and 400,000 GB-s, SQS 1M requests, DynamoDB 25 GB, CloudWatch 10 metrics, 10 alarms and 5 GB of logs), all for this deployment; the 12-month offers are left out.',
  ].join('\n');
}

export async function benchCost(): Promise<string> {
  const { counts: stack, config } = stackCounts();
  const measured = await measureOnMoto((step) => process.stderr.write(`  cost: ${step}\n`));
  const scenario: Scenario = {
    monitors: 50,
    intervalSeconds: 60,
    regions: config.probeRegions,
    homeRegion: config.homeRegion,
    waveSeconds: config.checkWaveSeconds,
    rollupIntervalMinutes: config.rollupIntervalMinutes,
  };
  const { lines, traffic } = costLines(scenario, stack, measured);
  const { list, free } = totals(lines);

  const sensitivity: string[][] = [];
  for (const waveSeconds of [1, 10, 20, 30, 60]) {
    for (const rollupIntervalMinutes of [5, 15, 60]) {
      const variant = costLines({ ...scenario, waveSeconds, rollupIntervalMinutes }, stack, measured);
      const t = totals(variant.lines);
      sensitivity.push([String(waveSeconds), String(rollupIntervalMinutes), qty(variant.traffic.checkerInvocations), usd(t.list), usd(t.free)]);
    }
  }

  return [
    `Prices: ${PRICES_SOURCE} (DynamoDB on-demand ${PRICES.dynamoWrite.usd} USD per 1M WRU, SQS ${PRICES.sqsRequests.usd} per 1M, Lambda arm64 ${PRICES.lambdaArmGbSecond.usd} per GB-s; CloudWatch alarm and metric prices are not in the note, see bench/cost/prices.ts).`,
    '',
    `**${usd(list)} USD a month at list price, ${usd(free)} USD after the free tier** (target: under ${TARGET_USD} USD${free < TARGET_USD ? ', met after the free tier' : ', missed'}${list < TARGET_USD ? ' and at list price' : ''}).`,
    '',
    `A month: ${qty(traffic.checks)} checks in ${qty(traffic.checkerInvocations)} checker invocations (${traffic.checksPerInvocation.toFixed(1)} checks each, ${traffic.jobMessagesPerMinute} job messages a minute), ${qty(traffic.aggregatorRuns)} aggregator runs of ${Math.round(traffic.messagesPerRun)} messages writing ${Math.round(traffic.rollupsPerRun)} rollups each.`,
    '',
    '### By service',
    '',
    serviceTable(lines),
    '',
    '### Line by line',
    '',
    linesTable(lines),
    '',
    '### Measured on moto',
    '',
    measuredTable(measured),
    '',
    incidentTable(measured),
    '',
    '### Assumptions',
    '',
    assumptionsText(scenario, stack, DEFAULT_ASSUMPTIONS, measured),
    '',
    '### Sensitivity: wave length and aggregator interval',
    '',
    markdownTable(['checkWaveSeconds', 'rollupIntervalMinutes', 'checker invocations / month', 'list USD', 'after free tier USD'], sensitivity),
  ].join('\n');
}
