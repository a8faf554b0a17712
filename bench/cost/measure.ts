/**
 * What one unit of work costs in AWS requests, measured by running the real Lambda
 * handlers on moto (the cloud end-to-end's composition: test/integration/cloud), with
 * every SDK client counted by the function whose code sent the request.
 *
 * - Steady checks, twice over the same checks: once with one message per checker
 *   invocation, once with two. The difference separates what a checker pays per check
 *   (the state look, raw rows) from what it pays per invocation (its one rollups
 *   message): count = perCheck x checks + perInvocation x invocations.
 * - One aggregator run over every rollups message that produced.
 * - One incident: a monitor that fails in both regions (verification by the other
 *   region's verifier, incident, signed ledger entry, alert mail), then recovers
 *   (resolution, entry, mail).
 * - Item sizes read back from the table (what DynamoDB bills capacity units on), job
 *   and rollups message sizes, and the log bytes each function prints per invocation.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createAwsStores, createRequestCounter, type AwsStores, type RequestCounter, type RequestCounts } from '../../functions/adapters/aws/index.ts';
import type * as Clients from '../../functions/adapters/aws/clients.ts';
import type { CheckJob } from '../../functions/core/jobs.ts';
import { CheckJobMessageSchema, jobsOf, parseMessageBody } from '../../functions/core/messages.ts';
import { parseMonitorDefinition, type HttpMonitorDefinition, type Monitor } from '../../functions/core/monitor.ts';

type HttpMonitor = Monitor & HttpMonitorDefinition;
import { stableHash } from '../../functions/core/schedule.ts';
import { isHourlySample } from '../../functions/services/results.ts';
import { MOTO, pointSdkEnvironmentAt, setEnvironment, startMoto, type MotoServer } from '../../test/helpers/moto-server.ts';
import { startFakeLambda, type FakeLambda } from '../../test/integration/cloud/fake-lambda.ts';
import { loadHandlers, queryStringLoader, type CloudFunctions } from '../../test/integration/cloud/handler-functions.ts';
import { createCloudResources, functionEnvironment, type CloudResources } from '../../test/integration/cloud/resources.ts';
import { createSqsPoller, type Delivery, type QueueBinding, type SqsEvent } from '../../test/integration/cloud/sqs-poller.ts';
import { startTarget, type Target } from '../../test/integration/cloud/target.ts';

export const HOME = 'eu-west-1';
export const OTHER = 'us-east-1';
const REGIONS = [HOME, OTHER];
const TABLE = 'crosscheck-bench';
const RECORDER = 'crosscheck-recorder';
const verifierName = (region: string) => `crosscheck-${region}-verifier`;
const ROLES = ['scheduler', 'checker', 'verifier', 'recorder', 'aggregator'] as const;
export type Role = (typeof ROLES)[number];
/** Monitors checked in the steady phases: two messages of ten jobs per region and tick. */
const STEADY_MONITORS = 20;
const TICKS_PER_PHASE = 2;

/** `Service Operation` -> requests. */
export type OperationCounts = Record<string, number>;

export interface LinearCost {
  readonly perCheck: number;
  readonly perInvocation: number;
}

export interface Measured {
  readonly moto: string;
  readonly measuredAt: string;
  /** The checker's requests, split into per check and per invocation. */
  readonly checker: Readonly<Record<string, LinearCost>>;
  /** What the event source mapping did per delivered batch (receive, delete). */
  readonly perBatch: { readonly receives: number; readonly deletes: number };
  /** One aggregator run: its requests, the messages it read and the rollups it wrote. */
  readonly aggregator: { readonly requests: OperationCounts; readonly messages: number; readonly rollups: number };
  /** One incident, opened and resolved: every function's requests, and invocations per function. */
  readonly incident: { readonly requests: OperationCounts; readonly invocations: Readonly<Record<string, number>> };
  /** Item sizes in bytes, as DynamoDB counts them (attribute names and values). */
  readonly itemBytes: { readonly state: number; readonly result: number; readonly rollup: number; readonly monitor: number };
  /** Bytes of a rollups message per rollup entry, and its fixed part. */
  readonly rollupMessage: { readonly fixedBytes: number; readonly bytesPerRollup: number };
  /** Log bytes printed per invocation, by function (structured logs and EMF metrics). */
  readonly logBytesPerInvocation: Readonly<Record<string, number>>;
  /** Checks and invocations the steady phases ran. */
  readonly steady: { readonly checks: number; readonly invocations: readonly [number, number] };
  /** Requests the scheduler sent per tick in the steady phases (a consistency check for the model). */
  readonly schedulerPerTick: OperationCounts;
}

/** A monitor id whose 60 s phase is second 0: its jobs leave at once, whenever the tick runs. */
function idDueAtSecondZero(prefix: string): string {
  for (let n = 0; ; n += 1) if (stableHash(`${prefix}-${n}`) % 60 === 0) return `${prefix}-${n}`;
}

/** A monitor as a user would write it (the benchmark's monitors look like real ones in size). */
export function benchMonitor(id: string, url: string, now = Date.now()): Monitor {
  const at = new Date(now).toISOString();
  return {
    ...parseMonitorDefinition({
      name: `Shop API ${id.slice(-6)}`,
      url,
      conditions: ['[STATUS] == 200', '[RESPONSE_TIME] < 1000', '[BODY].status == UP'],
      failureThreshold: 1,
      successThreshold: 1,
      tags: ['production', 'shop'],
      alerts: { email: ['ops@example.test'] },
    }),
    id,
    createdAt: at,
    updatedAt: at,
  };
}

function flatten(counts: RequestCounts): OperationCounts {
  const out: OperationCounts = {};
  for (const [service, operations] of Object.entries(counts)) {
    for (const [operation, count] of Object.entries(operations)) out[`${service} ${operation}`] = (out[`${service} ${operation}`] ?? 0) + count.requests;
  }
  return out;
}

function add(into: OperationCounts, more: OperationCounts): OperationCounts {
  for (const [key, value] of Object.entries(more)) into[key] = (into[key] ?? 0) + value;
  return into;
}

/** DynamoDB's item size: attribute names plus values (numbers by their digits, as the docs describe). */
export function dynamoItemBytes(item: Record<string, AttributeValue>): number {
  const valueBytes = (value: AttributeValue): number => {
    if (value.S !== undefined) return Buffer.byteLength(value.S);
    if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
    if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
    if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + 1 + valueBytes(v), 0);
    if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + valueBytes(v), 0);
    if (value.B !== undefined) return value.B.byteLength;
    return 0;
  };
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0);
}

const median = (values: readonly number[]) => {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[sorted.length >> 1]!;
};

export async function measureOnMoto(log: (line: string) => void = () => undefined): Promise<Measured> {
  if (!MOTO.available) throw new Error(`the cost benchmark runs the handlers on moto, which is missing: ${MOTO.detail} (pip install 'moto[server]==5.2.1')`);
  const moto = await startMoto();
  const restore: (() => void)[] = [];
  let target: Target | undefined;
  let fakeLambda: FakeLambda | undefined;
  const realWrite = process.stdout.write.bind(process.stdout);
  try {
    restore.push(pointSdkEnvironmentAt(moto.endpoint));
    target = await startTarget();
    log('moto and resources');
    const resources = await createCloudResources(moto, { regions: REGIONS, homeRegion: HOME, table: TABLE, sender: 'alerts@example.test' });

    const roles = new AsyncLocalStorage<Role>();
    const counters = new Map<Role, RequestCounter>(ROLES.map((role) => [role, createRequestCounter({ when: () => roles.getStore() === role })]));
    // What each function prints (Powertools logs and EMF), counted and kept off the terminal.
    const printed = new Map<Role, number>();
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const role = roles.getStore();
      if (role === undefined) return (realWrite as (...args: unknown[]) => boolean)(chunk, ...rest);
      printed.set(role, (printed.get(role) ?? 0) + Buffer.byteLength(chunk));
      return true;
    }) as typeof process.stdout.write;
    restore.push(() => {
      process.stdout.write = realWrite;
    });

    let functions: CloudFunctions | undefined;
    fakeLambda = await startFakeLambda({
      [RECORDER]: (payload) => roles.run('recorder', () => functions!.recorder(payload)),
      ...Object.fromEntries(REGIONS.map((region) => [verifierName(region), (payload: unknown) => roles.run('verifier', () => functions!.verifier(region)(payload))])),
    });
    restore.push(
      setEnvironment({
        // Waves of one second: the monitors here are due at second 0, so their jobs leave at once (the model applies the deployed waves).
        ...functionEnvironment(resources, {
          recorderFunction: RECORDER,
          verifierFunction: verifierName,
          alertTo: 'oncall@example.test',
          checkWaveSeconds: 1,
          allowedPrivateRanges: '127.0.0.1/32',
        }),
        AWS_ENDPOINT_URL_LAMBDA: fakeLambda.endpoint,
        AWS_REGION: HOME,
        POWERTOOLS_SERVICE_NAME: 'crosscheck-bench',
        POWERTOOLS_METRICS_NAMESPACE: 'CrossCheck',
        POWERTOOLS_METRICS_DISABLED: 'false',
        POWERTOOLS_DEV: undefined,
        POWERTOOLS_LOG_LEVEL: undefined,
      }),
    );
    const countAll = (clients: typeof Clients) => {
      for (const region of REGIONS) {
        for (const client of [clients.dynamoDbClient(region), clients.sqsClient(region), clients.kmsClient(region), clients.sesClient(region), clients.lambdaClient(region)]) {
          for (const counter of counters.values()) counter.attach(client);
        }
      }
    };
    functions = await loadHandlers(REGIONS, HOME, queryStringLoader(), countAll);
    const fns = functions;
    const bindings: QueueBinding[] = [
      ...REGIONS.map((region) => ({ name: `checker@${region}`, region, queueUrl: resources.queueUrls[region]!, fn: (event: SqsEvent) => roles.run('checker', () => fns.checker(region)(event)) })),
    ];
    const pollerClients = new Map(REGIONS.map((region) => [region, new SQSClient(moto.config(region))]));
    const singles = createSqsPoller((region) => pollerClients.get(region)!, bindings, { maxMessages: 1 });
    const tens = createSqsPoller((region) => pollerClients.get(region)!, bindings, { maxMessages: 10 });
    const home = createAwsStores({ tableName: TABLE, region: HOME, homeRegion: HOME });

    // The monitors: the steady ones and one that will fail, all paused until a phase wants them.
    const steadyIds = Array.from({ length: STEADY_MONITORS }, (_, i) => idDueAtSecondZero(`bench-steady-${i}`));
    const outageId = idDueAtSecondZero('bench-outage');
    for (const id of steadyIds) await home.monitors.create({ ...benchMonitor(id, target.url('/up')), paused: true });
    await home.monitors.create({ ...benchMonitor(outageId, target.url('/down')), paused: true });

    const tick = async (active: readonly string[], poller: ReturnType<typeof createSqsPoller>) => {
      await activate(home, active);
      for (const counter of counters.values()) counter.reset();
      printed.clear();
      Object.assign(poller.stats, { receives: 0, deletes: 0, emptyReceives: 0 });
      const recorderBefore = fakeLambda!.invocations.get(RECORDER) ?? 0;
      const callsBefore = fakeLambda!.calls.length;
      await roles.run('scheduler', () => fns.scheduler());
      const deliveries = await poller.drain();
      const failed = deliveries.flatMap((d) => d.failed);
      if (failed.length > 0) throw new Error(`the benchmark's checks failed: ${failed.length} messages`);
      const verifications = await fakeLambda!.settled();
      if (verifications.failed.length > 0) throw new Error(`the benchmark's verifications failed: ${String(verifications.failed[0])}`);
      return {
        deliveries,
        byRole: new Map([...counters].map(([role, counter]) => [role, flatten(counter.snapshot())])),
        printed: new Map(printed),
        poller: { ...poller.stats },
        recorder: (fakeLambda!.invocations.get(RECORDER) ?? 0) - recorderBefore,
        verifier: fakeLambda!.calls.slice(callsBefore).filter((call) => call.type === 'Event').length,
      };
    };

    log('first checks (not counted)');
    await tick(steadyIds, tens);

    // The steady phases.
    const phase = async (poller: ReturnType<typeof createSqsPoller>) => {
      const checker: OperationCounts = {};
      const scheduler: OperationCounts = {};
      const logBytes: Partial<Record<Role, number>> = {};
      let invocations = 0;
      let checks = 0;
      let samples = 0;
      let batches = 0;
      let receives = 0;
      let deletes = 0;
      for (let t = 0; t < TICKS_PER_PHASE; t += 1) {
        const report = await tick(steadyIds, poller);
        add(checker, report.byRole.get('checker') ?? {});
        add(scheduler, report.byRole.get('scheduler') ?? {});
        const checkerDeliveries = report.deliveries.filter((d) => d.binding.startsWith('checker@'));
        invocations += checkerDeliveries.length;
        batches += report.deliveries.length;
        receives += report.poller.receives;
        deletes += report.poller.deletes;
        const jobs = jobsIn(checkerDeliveries);
        checks += jobs.length;
        samples += jobs.filter((job) => isHourlySample(job.scheduledFor, 60)).length;
        for (const [role, bytes] of report.printed) logBytes[role] = (logBytes[role] ?? 0) + bytes;
      }
      // The hour's sample rows are the model's to count (one per monitor, region and hour), not the phase's.
      if (samples > 0) checker['DynamoDB PutItem'] = (checker['DynamoDB PutItem'] ?? 0) - samples;
      return { checker, scheduler, invocations, checks, batches, receives, deletes, logBytes };
    };
    log('steady checks: one message per invocation');
    const a = await phase(singles);
    log('steady checks: two messages per invocation');
    const b = await phase(tens);
    if (a.checks !== b.checks || a.invocations === b.invocations) throw new Error('the steady phases did not run comparable batches');
    const checker: Record<string, LinearCost> = {};
    for (const op of new Set([...Object.keys(a.checker), ...Object.keys(b.checker)])) {
      const perInvocation = ((a.checker[op] ?? 0) - (b.checker[op] ?? 0)) / (a.invocations - b.invocations);
      const perCheck = ((b.checker[op] ?? 0) - perInvocation * b.invocations) / b.checks;
      checker[op] = { perCheck: round(perCheck), perInvocation: round(perInvocation) };
    }
    const schedulerPerTick = Object.fromEntries(Object.entries(b.scheduler).map(([op, n]) => [op, n / TICKS_PER_PHASE]));

    log('aggregator');
    for (const counter of counters.values()) counter.reset();
    printed.clear();
    const applied = (await roles.run('aggregator', () => fns.aggregator())) as { messages: number; written: number; writes: number; failed: number };
    if (applied.failed > 0) throw new Error('the aggregator failed to write rollups');
    const aggregator = { requests: flatten(counters.get('aggregator')!.snapshot()), messages: applied.messages, rollups: applied.written };
    const aggregatorLog = printed.get('aggregator') ?? 0;

    log('item sizes');
    const itemBytes = await itemSizes(moto, steadyIds[0]!);
    const rollupMessage = rollupMessageBytes(steadyIds);

    log('one incident, opened and resolved');
    const incidentRequests: OperationCounts = {};
    const invocations: Record<string, number> = {};
    const down = await tick([outageId], tens);
    await home.monitors.replace({ ...((await home.monitors.get(outageId))! as HttpMonitor), url: target.url('/up') });
    const up = await tick([outageId], tens);
    for (const report of [down, up]) {
      for (const counts of report.byRole.values()) add(incidentRequests, counts);
      add(incidentRequests, { 'SQS (event source mapping) ReceiveMessage': report.poller.receives, 'SQS (event source mapping) DeleteMessageBatch': report.poller.deletes });
      for (const delivery of report.deliveries) {
        const fn = delivery.binding.split('@')[0]!;
        invocations[fn] = (invocations[fn] ?? 0) + 1;
      }
      invocations['scheduler'] = (invocations['scheduler'] ?? 0) + 1;
      invocations['recorder'] = (invocations['recorder'] ?? 0) + report.recorder;
      invocations['verifier'] = (invocations['verifier'] ?? 0) + report.verifier;
    }
    const incidents = (await home.incidents.list({ limit: 10, monitorId: outageId })).items;
    if (incidents.length !== 1 || incidents[0]!.status !== 'resolved') throw new Error(`expected one resolved incident, found ${JSON.stringify(incidents.map((i) => i.status))}`);

    const perInvocation = (role: Role, bytes: number | undefined, count: number) => (count > 0 ? Math.round((bytes ?? 0) / count) : 0);
    return {
      moto: MOTO.detail,
      measuredAt: new Date().toISOString(),
      checker,
      perBatch: { receives: b.receives / b.batches, deletes: b.deletes / b.batches },
      aggregator,
      incident: { requests: incidentRequests, invocations },
      itemBytes,
      rollupMessage,
      logBytesPerInvocation: {
        checker: perInvocation('checker', b.logBytes.checker, b.invocations),
        scheduler: perInvocation('scheduler', b.logBytes.scheduler, TICKS_PER_PHASE),
        aggregator: aggregatorLog,
      },
      steady: { checks: b.checks, invocations: [a.invocations, b.invocations] },
      schedulerPerTick,
    };
  } finally {
    for (const undo of restore.reverse()) undo();
    await fakeLambda?.close();
    await target?.close();
    await moto.stop();
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function jobsIn(deliveries: readonly Delivery[]): CheckJob[] {
  return deliveries.flatMap((d) => d.bodies.flatMap((body) => [...jobsOf(parseMessageBody(CheckJobMessageSchema, body, 'check_job'))]));
}

async function activate(stores: AwsStores, active: readonly string[]): Promise<void> {
  for (const monitor of await stores.monitors.all()) {
    const paused = !active.includes(monitor.id);
    if (monitor.paused !== paused) await stores.monitors.replace({ ...monitor, paused });
  }
}

/** Median sizes of the items a steady check touches: its state, a raw result, a rollup, a monitor. */
async function itemSizes(moto: MotoServer, monitorId: string): Promise<Measured['itemBytes']> {
  const client = new DynamoDBClient(moto.config(HOME));
  const partition = async (pk: string) =>
    (await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pk } } }))).Items ?? [];
  const sizes = async (pk: string) => median((await partition(pk)).map(dynamoItemBytes));
  // Results are written in the probing region's replica (moto does not replicate): look in every region.
  const results: Record<string, AttributeValue>[] = [];
  for (const region of REGIONS) {
    const regional = new DynamoDBClient(moto.config(region));
    const out = await regional.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `RESULT#${monitorId}` } } }));
    results.push(...(out.Items ?? []));
  }
  if (results.length === 0) throw new Error('no raw result was stored to measure');
  return {
    state: await sizes(`STATE#${monitorId}`),
    result: median(results.map(dynamoItemBytes)),
    rollup: await sizes(`ROLLUP#${monitorId}`),
    monitor: await sizes(`MONITOR#${monitorId}`),
  };
}

/** A rollups message's size: what one entry adds, and the envelope. */
function rollupMessageBytes(monitorIds: readonly string[]): Measured['rollupMessage'] {
  const entry = (monitorId: string) => ({ monitorId, region: OTHER, hour: 1_795_000_000_000 - (1_795_000_000_000 % 3_600_000), checks: 1, failures: 0, anomalies: 0, latencySumMs: 123.456, histogram: { 36: 1 } });
  const one = Buffer.byteLength(JSON.stringify({ rollups: [entry(monitorIds[0]!)] }));
  const all = Buffer.byteLength(JSON.stringify({ rollups: monitorIds.map(entry) }));
  const perRollup = (all - one) / (monitorIds.length - 1);
  return { fixedBytes: Math.round(one - perRollup), bytesPerRollup: Math.round(perRollup) };
}
