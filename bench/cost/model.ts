/**
 * The monthly cost model: what a deployment does in a month (from the schedule and the
 * wave packing the real code does, and the per-unit request counts measured on moto),
 * priced with the dated price list, by service, at list price and after the always-free
 * allowances. Pure: every input is passed in.
 */
import { messagesOfWave } from '../../functions/adapters/aws/sqs/job-queue.ts';
import type { Monitor } from '../../functions/core/monitor.ts';
import { planChecks } from '../../functions/core/schedule.ts';
import { groupIntoWaves } from '../../functions/core/waves.ts';
import type { Measured } from './measure.ts';
import { cost, FREE_TIER, PRICES, type Price } from './prices.ts';

export interface Scenario {
  readonly monitors: number;
  readonly intervalSeconds: number;
  readonly regions: readonly string[];
  readonly homeRegion: string;
  /** The longest check wave (config `checkWaveSeconds`). */
  readonly waveSeconds: number;
  /** How often the aggregator runs (config `rollupIntervalMinutes`). */
  readonly rollupIntervalMinutes: number;
}

/** What the deployed stack holds, counted in its synthesized templates. */
export interface StackCounts {
  readonly alarms: number;
  /** SQS queues with an event source mapping (each polled all the time). */
  readonly polledQueues: number;
  readonly kmsKeys: number;
  /** Checker event source: messages per batch and batching window. */
  readonly checkerBatchSize: number;
  readonly checkerBatchingWindowSeconds: number;
  readonly memoryMb: Readonly<Record<string, number>>;
}

/** Everything the model cannot measure here, stated. */
export interface Assumptions {
  readonly minutesPerMonth: number;
  readonly incidentsPerMonth: number;
  readonly monitorChangesPerMonth: number;
  /** Lambda's SQS pollers on an idle queue: five long polls of 20 s each. */
  readonly idleReceivesPerMinutePerQueue: number;
  /** Average invocation durations, seconds (the checks are real network round trips in the cloud). */
  readonly seconds: { readonly checker: number; readonly scheduler: number; readonly aggregator: number; readonly verifier: number; readonly recorder: number; readonly api: number };
  readonly apiRequestsPerMonth: number;
  /** START, END and REPORT lines Lambda writes per invocation, with CloudWatch's 26 bytes per event. */
  readonly platformLogBytesPerInvocation: number;
  /** Custom metrics published all month long (metric-months). */
  readonly continuousMetrics: number;
  readonly resultRetentionDays: number;
  /** Months of rollups kept in storage (they have no TTL). */
  readonly rollupMonthsStored: number;
  /** Bytes one write of an incident's items costs (state, incident, alert claim, ledger entry). */
  readonly incidentWriteBytes: number;
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  minutesPerMonth: 30 * 24 * 60,
  incidentsPerMonth: 4,
  monitorChangesPerMonth: 10,
  idleReceivesPerMinutePerQueue: 15,
  seconds: { checker: 0.6, scheduler: 0.3, aggregator: 2, verifier: 1, recorder: 0.5, api: 0.15 },
  apiRequestsPerMonth: 20_000,
  platformLogBytesPerInvocation: 400,
  continuousMetrics: 4,
  resultRetentionDays: 90,
  rollupMonthsStored: 12,
  incidentWriteBytes: 2048,
};

export interface CostLine {
  readonly service: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly listUsd: number;
  readonly freeUsd: number;
}

export interface Traffic {
  readonly checks: number;
  readonly checkerInvocations: number;
  readonly checksPerInvocation: number;
  readonly jobMessagesPerMinute: number;
  readonly schedulerBatchRequestsPerMinute: number;
  readonly aggregatorRuns: number;
  readonly rollupsPerRun: number;
  readonly messagesPerRun: number;
}

const KB = 1024;
const GB = 1024 ** 3;

/** Monitors with ids like real ones (random UUIDs), reproducible. */
function monitorsFor(scenario: Scenario): Monitor[] {
  let seed = 0x2545f491;
  const hex = (n: number) => {
    let out = '';
    for (let i = 0; i < n; i += 1) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      out += (seed >>> 16).toString(16).padStart(4, '0').slice(-1);
    }
    return out;
  };
  return Array.from({ length: scenario.monitors }, () => {
    const id = `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
    return {
      id,
      type: 'http',
      name: `Shop API ${id.slice(0, 6)}`,
      url: `https://api-${id.slice(0, 8)}.example.com/health`,
      method: 'GET',
      headers: {},
      intervalSeconds: scenario.intervalSeconds,
      timeoutMs: 10_000,
      conditions: ['[STATUS] == 200', '[RESPONSE_TIME] < 1000', '[BODY].status == UP'],
      regions: [],
      tags: ['production', 'shop'],
      paused: false,
      failureThreshold: 1,
      successThreshold: 1,
      certExpiryWarningDays: [30, 14, 7],
      followRedirects: true,
      maxRedirects: 5,
      verifyTls: true,
      alerts: { email: ['ops@example.test'], webhooks: [] },
      maintenance: [],
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
    } as Monitor;
  });
}

/**
 * A minute of the real schedule, in the core's waves, split into messages as the SQS
 * job queue splits them, delivered by an event
 * source of `batchSize` messages and a `window` s batching window: the checker
 * invocations and scheduler requests of one minute (the schedule of 60 s monitors
 * repeats every minute; longer intervals would need more minutes).
 */
export function minuteOfTraffic(scenario: Scenario, stack: Pick<StackCounts, 'checkerBatchSize' | 'checkerBatchingWindowSeconds'>) {
  const minute = Date.parse('2026-11-21T10:00:00.000Z');
  const planned = planChecks(monitorsFor(scenario), minute, scenario.regions);
  // The core's waves (when each job is delivered), split into messages as the SQS job queue splits them.
  const messages = groupIntoWaves(planned, scenario.waveSeconds, minute).flatMap(messagesOfWave);
  let invocations = 0;
  let batchRequests = 0;
  let batchChunks = 0;
  for (const region of scenario.regions) {
    const regional = messages.filter((m) => m.region === region).toSorted((a, b) => a.delaySeconds - b.delaySeconds);
    // The event source: a batch closes when full or when its window (from its first message) is over.
    for (let i = 0; i < regional.length; ) {
      const start = regional[i]!.delaySeconds;
      let n = 0;
      while (i < regional.length && n < stack.checkerBatchSize && regional[i]!.delaySeconds < start + Math.max(1, stack.checkerBatchingWindowSeconds)) {
        i += 1;
        n += 1;
      }
      invocations += 1;
    }
    // The scheduler's SendMessageBatch: ten messages each, billed per 64 KB of payload.
    for (let i = 0; i < regional.length; i += 10) {
      const bytes = regional.slice(i, i + 10).reduce((sum, m) => sum + Buffer.byteLength(m.body), 0);
      batchRequests += 1;
      batchChunks += Math.ceil(bytes / (64 * KB));
    }
  }
  return { checks: planned.length, messages: messages.length, invocations, batchRequests, batchChunks };
}

export function monthlyTraffic(scenario: Scenario, stack: StackCounts, assumptions: Assumptions): Traffic & { readonly schedulerBatchChunksPerMinute: number } {
  const minute = minuteOfTraffic(scenario, stack);
  const minutes = assumptions.minutesPerMonth;
  const checkerInvocations = minute.invocations * minutes;
  const aggregatorRuns = minutes / scenario.rollupIntervalMinutes;
  // A run covers rollupIntervalMinutes of deltas; it touches two hours when an hour starts inside it.
  const hoursPerRun = 1 + Math.min(1, scenario.rollupIntervalMinutes / 60);
  return {
    checks: minute.checks * minutes,
    checkerInvocations,
    checksPerInvocation: minute.checks / minute.invocations,
    jobMessagesPerMinute: minute.messages,
    schedulerBatchRequestsPerMinute: minute.batchRequests,
    schedulerBatchChunksPerMinute: minute.batchChunks,
    aggregatorRuns,
    rollupsPerRun: scenario.monitors * scenario.regions.length * hoursPerRun,
    messagesPerRun: checkerInvocations / aggregatorRuns,
  };
}

/** The month, line by line. */
export function costLines(scenario: Scenario, stack: StackCounts, measured: Measured, assumptions: Assumptions = DEFAULT_ASSUMPTIONS): { lines: CostLine[]; traffic: Traffic } {
  const t = monthlyTraffic(scenario, stack, assumptions);
  const minutes = assumptions.minutesPerMonth;
  const regions = scenario.regions.length;
  const replicas = regions - 1; // a global table replicates every write to each other replica
  const wru = (bytes: number) => Math.max(1, Math.ceil(bytes / KB));
  const rru = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / (4 * KB))) * (consistent ? 1 : 0.5);
  const incidents = assumptions.incidentsPerMonth;
  const inc = (op: string) => (measured.incident.requests[op] ?? 0) * incidents;
  const checkerOp = (op: string) => {
    const c = measured.checker[op];
    return c === undefined ? 0 : c.perCheck * t.checks + c.perInvocation * t.checkerInvocations;
  };

  const lines: Omit<CostLine, 'freeUsd'>[] = [];
  const line = (service: string, item: string, quantity: number, price: Price) =>
    lines.push({ service, item, quantity, unit: price.unit, listUsd: cost(price, quantity) });

  // DynamoDB
  const hours = minutes / 60;
  const samplesPerHour = Math.min(1, 3600 / scenario.intervalSeconds);
  const samples = scenario.monitors * regions * hours * samplesPerHour;
  const resultWrites = samples + checkerOp('DynamoDB PutItem');
  line('DynamoDB', `state look per check (GetItem, eventually consistent, ${measured.itemBytes.state} B)`, checkerOp('DynamoDB GetItem') * rru(measured.itemBytes.state, false), PRICES.dynamoRead);
  line('DynamoDB', `raw results kept: one sample per monitor, region and hour (${measured.itemBytes.result} B)`, resultWrites * wru(measured.itemBytes.result), PRICES.dynamoWrite);
  line('DynamoDB', '  replicated to the other region', resultWrites * wru(measured.itemBytes.result) * replicas, PRICES.dynamoReplicatedWrite);
  // Writes (and items) per rollup, as measured: one item holds every region of a monitor's hour.
  const writesPerRollup = (measured.aggregator.requests['DynamoDB UpdateItem'] ?? 0) / Math.max(1, measured.aggregator.rollups);
  const rollupWrites = t.aggregatorRuns * t.rollupsPerRun * writesPerRollup;
  line('DynamoDB', `rollups: one UpdateItem per monitor and hour (every region) per aggregator run (${measured.itemBytes.rollup} B)`, rollupWrites * wru(measured.itemBytes.rollup), PRICES.dynamoWrite);
  line('DynamoDB', '  replicated to the other region', rollupWrites * wru(measured.itemBytes.rollup) * replicas, PRICES.dynamoReplicatedWrite);
  const queryPerTick = measured.schedulerPerTick['DynamoDB Query'] ?? 1;
  line('DynamoDB', `scheduler reads every monitor once a minute (index query, ${measured.itemBytes.monitor} B each)`, minutes * queryPerTick * rru(scenario.monitors * measured.itemBytes.monitor, false), PRICES.dynamoRead);
  const incidentWrites = inc('DynamoDB PutItem') + inc('DynamoDB TransactWriteItems') * 3;
  line('DynamoDB', `incidents (${incidents}/month): state, incident, alert and ledger writes, and reads`, incidentWrites * wru(assumptions.incidentWriteBytes) * (1 + replicas), PRICES.dynamoWrite);
  line('DynamoDB', '  their reads', (inc('DynamoDB GetItem') + inc('DynamoDB Query')) * 1, PRICES.dynamoRead);
  const storedBytes =
    samples / (minutes / 1440) * assumptions.resultRetentionDays * measured.itemBytes.result +
    scenario.monitors * regions * writesPerRollup * 24 * 30 * assumptions.rollupMonthsStored * measured.itemBytes.rollup +
    scenario.monitors * (measured.itemBytes.monitor + measured.itemBytes.state);
  const storedGb = (storedBytes * regions) / GB; // every replica holds it all
  line('DynamoDB', `storage: ${assumptions.resultRetentionDays} days of samples, ${assumptions.rollupMonthsStored} months of rollups, in every replica`, storedGb, PRICES.dynamoStorage);

  // SQS
  const idle = minutes * assumptions.idleReceivesPerMinutePerQueue * stack.polledQueues;
  line('SQS', `event source polling: ${stack.polledQueues} queues x ${assumptions.idleReceivesPerMinutePerQueue} receives a minute, even idle`, idle, PRICES.sqsRequests);
  line('SQS', 'event source: receive and delete per delivered batch (checker)', t.checkerInvocations * (measured.perBatch.receives + measured.perBatch.deletes), PRICES.sqsRequests);
  line('SQS', `scheduler: SendMessageBatch (${t.jobMessagesPerMinute} messages a minute)`, minutes * t.schedulerBatchChunksPerMinute, PRICES.sqsRequests);
  const rollupBytes = measured.rollupMessage.fixedBytes + measured.rollupMessage.bytesPerRollup * t.checksPerInvocation;
  line('SQS', 'checkers: one rollups message per invocation', checkerOp('SQS SendMessage') * Math.ceil(rollupBytes / (64 * KB)), PRICES.sqsRequests);
  const receivesPerRun = Math.ceil(t.messagesPerRun / 10) + 1;
  const deletesPerRun = Math.ceil(t.messagesPerRun / 10);
  line('SQS', `aggregator: reads and deletes ${Math.round(t.messagesPerRun)} messages a run`, t.aggregatorRuns * (receivesPerRun + deletesPerRun), PRICES.sqsRequests);
  line('SQS', 'incidents: their checks\' jobs, deliveries and rollups messages', inc('SQS SendMessage') + inc('SQS SendMessageBatch') + inc('SQS (event source mapping) ReceiveMessage') + inc('SQS (event source mapping) DeleteMessageBatch'), PRICES.sqsRequests);

  // Lambda
  const api = assumptions.apiRequestsPerMonth;
  const incidentInvocations = (measured.incident.invocations['verifier'] ?? 0) + (measured.incident.invocations['recorder'] ?? 0);
  const invocations = minutes + t.checkerInvocations + t.aggregatorRuns + api + incidentInvocations * incidents;
  line('Lambda', 'requests: scheduler, checkers, aggregator, api; verifier and recorder per incident', invocations, PRICES.lambdaRequests);
  const gb = (fn: string) => (stack.memoryMb[fn] ?? 256) / 1024;
  const s = assumptions.seconds;
  const gbSeconds =
    minutes * s.scheduler * gb('scheduler') +
    t.checkerInvocations * s.checker * gb('checker') +
    t.aggregatorRuns * s.aggregator * gb('aggregator') +
    api * s.api * gb('http') +
    incidents * ((measured.incident.invocations['verifier'] ?? 0) * s.verifier * gb('verifier') + (measured.incident.invocations['recorder'] ?? 0) * s.recorder * gb('recorder'));
  line('Lambda', 'duration (arm64)', gbSeconds, PRICES.lambdaArmGbSecond);

  // KMS, SES, API Gateway
  line('KMS', 'the signing key', 1, PRICES.kmsKey);
  if (stack.kmsKeys > 1) line('KMS', 'the channel key (seals channel secrets)', stack.kmsKeys - 1, PRICES.kmsKey);
  // A monitor change is two Signs: its entry, and the checkpoint signed after it (incident
  // entries' checkpoints are in the measured recorder calls). The opt-in Ed25519 note key
  // would add one Sign per checkpoint and a key-month (1 USD); not in the default stack.
  line('KMS', 'Sign (ledger entries and the checkpoint after each)', inc('KMS Sign') + 2 * assumptions.monitorChangesPerMonth, PRICES.kmsSign);
  line('SES', 'alert e-mails (DOWN and RECOVERED)', inc('SESv2 SendEmail'), PRICES.sesEmail);
  line('API Gateway', 'HTTP API requests (dashboard and management)', api, PRICES.httpApi);
  line('EventBridge', 'scheduled rules (scheduler, aggregator)', minutes + t.aggregatorRuns, PRICES.eventBridgeRule);

  // CloudWatch
  const logBytes =
    minutes * (assumptions.platformLogBytesPerInvocation + (measured.logBytesPerInvocation['scheduler'] ?? 0)) +
    t.checkerInvocations * (assumptions.platformLogBytesPerInvocation + (measured.logBytesPerInvocation['checker'] ?? 0)) +
    t.aggregatorRuns * (assumptions.platformLogBytesPerInvocation + (measured.logBytesPerInvocation['aggregator'] ?? 0)) +
    api * (assumptions.platformLogBytesPerInvocation + 300);
  line('CloudWatch', 'log ingestion (Lambda platform lines, structured logs, EMF)', logBytes / GB, PRICES.logsIngestion);
  line('CloudWatch', `custom metrics published all month (EMF)`, assumptions.continuousMetrics, PRICES.cloudWatchMetric);
  line('CloudWatch', `alarms (function errors, dead-letter queues)`, stack.alarms, PRICES.cloudWatchAlarm);

  // Between regions
  const otherShare = replicas / regions; // the share of checks, and rollups messages, that run outside the home region
  const transferBytes =
    t.checks * otherShare * measured.itemBytes.state + // state looks from the other region
    t.checkerInvocations * otherShare * rollupBytes + // rollups messages to the home region
    (resultWrites * measured.itemBytes.result + rollupWrites * measured.itemBytes.rollup) * replicas; // replication
  line('Data transfer', 'between regions: state looks, rollups messages, replication', transferBytes / GB, PRICES.interRegionTransfer);

  return { lines: applyFreeTier(lines), traffic: t };
}

/** Spreads each always-free allowance over the lines it covers, in order. */
function applyFreeTier(lines: Omit<CostLine, 'freeUsd'>[]): CostLine[] {
  const allowance = new Map<string, number>([
    ['Lambda requests', FREE_TIER.lambdaRequests.amount],
    ['Lambda duration', FREE_TIER.lambdaGbSeconds.amount],
    ['SQS', FREE_TIER.sqsRequests.amount],
    ['DynamoDB storage', FREE_TIER.dynamoStorageGb.amount],
    ['CloudWatch log', FREE_TIER.logsGb.amount],
    ['CloudWatch custom', FREE_TIER.cloudWatchMetrics.amount],
    ['CloudWatch alarms', FREE_TIER.cloudWatchAlarms.amount],
  ]);
  const keyOf = (l: Omit<CostLine, 'freeUsd'>) =>
    l.service === 'SQS' ? 'SQS' : l.service === 'Lambda' ? (l.item.startsWith('requests') ? 'Lambda requests' : 'Lambda duration') : `${l.service} ${l.item.split(/[ :]/)[0]}`;
  return lines.map((l) => {
    const key = keyOf(l);
    const left = allowance.get(key);
    if (left === undefined || l.quantity === 0) return { ...l, freeUsd: l.listUsd };
    const covered = Math.min(left, l.quantity);
    allowance.set(key, left - covered);
    return { ...l, freeUsd: (l.listUsd * (l.quantity - covered)) / l.quantity };
  });
}

export function totals(lines: readonly CostLine[]): { byService: Map<string, { list: number; free: number }>; list: number; free: number } {
  const byService = new Map<string, { list: number; free: number }>();
  for (const l of lines) {
    const s = byService.get(l.service) ?? { list: 0, free: 0 };
    s.list += l.listUsd;
    s.free += l.freeUsd;
    byService.set(l.service, s);
  }
  const list = lines.reduce((sum, l) => sum + l.listUsd, 0);
  const free = lines.reduce((sum, l) => sum + l.freeUsd, 0);
  return { byService, list, free };
}
