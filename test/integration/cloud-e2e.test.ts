/**
 * The cloud composition end to end, on moto (SQS, DynamoDB, KMS and SES in two regions)
 * with a loopback target and a stand-in for Lambda's Invoke API (moto cannot run
 * functions without Docker):
 *
 * scheduler -> SQS checks queue in each region -> (a poller playing Lambda's event
 * source mapping) -> checker in each region -> the verifier of the OTHER region, invoked
 * asynchronously -> incident in DynamoDB (home) -> ledger entry signed with a KMS key
 * (through the recorder, invoked like Lambda) -> alert mail in moto's SES store; and
 * every checker and verifier's merged rollup deltas -> the home region's rollups queue
 * -> the aggregator (run as its schedule would) -> hourly rollups in DynamoDB.
 *
 * It also counts every AWS request each function makes per check and writes the
 * numbers to bench/results/cloud-requests.json (`npm run bench -- cost` runs its own
 * steady-state scenario on the same composition).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir, writeFile } from 'node:fs/promises';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { calculateJwkThumbprint, compactVerify, exportJWK, importJWK, importSPKI } from 'jose';
import type { Context } from 'aws-lambda';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import {
  createAwsStores,
  createLambdaLedgerWriter,
  createRequestCounter,
  dynamoDbClient,
  kmsClient,
  lambdaClient,
  sesClient,
  sqsClient,
  type AwsStores,
  type RequestCounter,
  type RequestCounts,
} from '../../functions/adapters/aws/index.ts';
import type * as Clients from '../../functions/adapters/aws/clients.ts';
import type { CheckJob, VerifyRequest } from '../../functions/core/jobs.ts';
import { CheckJobMessageSchema, jobsOf, parseMessageBody } from '../../functions/core/messages.ts';
import { stableHash } from '../../functions/core/schedule.ts';
import { isHourlySample } from '../../functions/services/results.ts';
import { auditLedger } from '../../functions/audit/index.ts';
import { createMonitor } from '../../functions/services/monitors.ts';
import { startFakeLambda, type FakeLambda } from './cloud/fake-lambda.ts';
import { createSqsPoller, type Delivery, type PollerStats, type QueueBinding, type SqsEvent } from './cloud/sqs-poller.ts';
import { CLIENTS_MODULE, loadHandlers, type CloudFunctions, type ContainerLoader } from './cloud/handler-functions.ts';
import { createCloudResources, functionEnvironment, type CloudResources } from './cloud/resources.ts';
import { startTarget, type Target } from './cloud/target.ts';
import { describeOnMoto, pointSdkEnvironmentAt, sesMessages, setEnvironment } from '../helpers/moto.ts';

const HOME = 'eu-west-1';
const OTHER = 'us-east-1';
const REGIONS = [HOME, OTHER];
const TABLE = 'crosscheck-e2e';
const RECORDER = 'crosscheck-recorder';
const verifierName = (region: string) => `crosscheck-${region}-verifier`;
const ROLES = ['api', 'scheduler', 'checker', 'verifier', 'recorder', 'aggregator'] as const;
type Role = (typeof ROLES)[number];
const RESULTS_FILE = new URL('../../bench/results/cloud-requests.json', import.meta.url);

/**
 * A fresh container in vitest: a new module registry for the handler, and so its own
 * SDK clients (imported after the handler, in the same registry its adapters use).
 */
const vitestContainer: ContainerLoader = async (url) => {
  vi.resetModules();
  const module = (await import(url.href)) as { handler: (event: unknown, context: Context) => Promise<unknown> };
  return { handler: module.handler, clients: (await import(CLIENTS_MODULE.href)) as typeof Clients };
};

/** A monitor id whose 60 s phase is second 0: the scheduler sends its jobs with no delay, whenever the tick runs. */
function idDueAtSecondZero(prefix: string): string {
  for (let n = 0; ; n += 1) if (stableHash(`${prefix}-${n}`) % 60 === 0) return `${prefix}-${n}`;
}

interface TickReport {
  readonly deliveries: readonly Delivery[];
  readonly byRole: Record<string, RequestCounts>;
  readonly poller: PollerStats;
  readonly recorderInvocations: number;
  /** Verification requests handed to each region's verifier. */
  readonly verifications: { readonly region: string; readonly request: VerifyRequest }[];
}

describeOnMoto('cloud composition end to end on moto', (moto) => {
  const roles = new AsyncLocalStorage<Role>();
  const counters = new Map<Role, RequestCounter>(ROLES.map((role) => [role, createRequestCounter({ when: () => roles.getStore() === role })]));
  const scenarios: Record<string, unknown> = {};
  let restoreEnv: () => void;
  let target: Target;
  let fakeLambda: FakeLambda;
  let restoreFunctionEnv: () => void;
  let functions: CloudFunctions;
  let poller: ReturnType<typeof createSqsPoller>;
  let home: AwsStores;
  let resources: CloudResources;
  const ids = { up: idDueAtSecondZero('e2e-up'), down: idDueAtSecondZero('e2e-down'), oneRegion: idDueAtSecondZero('e2e-one-region') };

  beforeAll(async () => {
    restoreEnv = pointSdkEnvironmentAt(moto().endpoint);
    target = await startTarget();
    resources = await createCloudResources(moto(), { regions: REGIONS, homeRegion: HOME, table: TABLE, sender: 'alerts@example.test' });
    const { queueUrls } = resources;

    fakeLambda = await startFakeLambda({
      [RECORDER]: (payload) => roles.run('recorder', () => functions.recorder(payload)),
      ...Object.fromEntries(REGIONS.map((region) => [verifierName(region), (payload: unknown) => roles.run('verifier', () => functions.verifier(region)(payload))])),
    });
    // What the CDK app sets on the functions, and the SDK's own endpoint setting for Lambda (the Invoke stand-in).
    restoreFunctionEnv = setEnvironment({
      // Waves of one second: the monitors here are due at second 0, so their jobs leave at once and the test need not wait.
      ...functionEnvironment(resources, {
        recorderFunction: RECORDER,
        verifierFunction: verifierName,
        alertTo: 'oncall@example.test',
        checkWaveSeconds: 1,
        allowedPrivateRanges: '127.0.0.1/32',
      }),
      AWS_ENDPOINT_URL_LAMBDA: fakeLambda.endpoint,
      AWS_REGION: HOME,
      POWERTOOLS_SERVICE_NAME: 'crosscheck-e2e',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });

    // Every client a function can use, counted by the function whose async context sends the request.
    const countAll = (clients: typeof Clients) => {
      for (const region of REGIONS) {
        for (const client of [clients.dynamoDbClient(region), clients.sqsClient(region), clients.kmsClient(region), clients.sesClient(region), clients.lambdaClient(region)]) {
          for (const counter of counters.values()) counter.attach(client);
        }
      }
    };
    countAll({ dynamoDbClient, sqsClient, kmsClient, sesClient, lambdaClient });
    functions = await loadHandlers(REGIONS, HOME, vitestContainer, countAll);
    const bindings: QueueBinding[] = [
      ...REGIONS.map((region) => ({ name: `checker@${region}`, region, queueUrl: queueUrls[region]!, fn: (event: SqsEvent) => roles.run('checker', () => functions.checker(region)(event)) })),
    ];
    const pollerClients = new Map(REGIONS.map((region) => [region, new SQSClient(moto().config(region))]));
    poller = createSqsPoller((region) => pollerClients.get(region)!, bindings);
    home = createAwsStores({ tableName: TABLE, region: HOME, homeRegion: HOME });

    // The three monitors, created as the API creates them (a signed monitor.created entry each), all paused.
    const api = {
      monitors: home.monitors,
      states: home.states,
      ledgerWriter: createLambdaLedgerWriter({ functionName: RECORDER, region: HOME }),
      clock: { now: () => Date.now() },
      regions: REGIONS,
    };
    const paths = { up: '/up', down: '/down', oneRegion: `/down-in/${HOME}` };
    for (const name of ['up', 'down', 'oneRegion'] as const) {
      await roles.run('api', () =>
        createMonitor(
          { ...api, ids: { next: () => ids[name] } },
          {
            name: `E2E ${name}`,
            url: target.url(paths[name]),
            paused: true,
            failureThreshold: 1,
            successThreshold: 1,
            alerts: { email: ['ops@example.test'] },
          },
        ),
      );
    }
  });

  afterAll(async () => {
    restoreFunctionEnv?.();
    restoreEnv?.();
    await fakeLambda?.close();
    await target?.close();
    if (Object.keys(scenarios).length > 0) {
      await mkdir(new URL('.', RESULTS_FILE), { recursive: true });
      const report = {
        source: 'test/integration/cloud-e2e.test.ts on moto 5.2.1',
        measuredAt: new Date().toISOString(),
        regions: REGIONS,
        notes: [
          'requests = HTTP requests to AWS (retries included), by the function whose code sent them; recorder = the ledger writer Lambda',
          'lambdaPoller = what the SQS event source mapping does per delivered batch (ReceiveMessage with messages, DeleteMessageBatch); idle long polling is not included',
          'lambdaInvocations: one checker per delivered batch, one verifier per verification request (asynchronous invocation), plus the scheduler tick and the recorder invokes',
          'one monitor per tick here: the scheduler\'s Query and SendMessageBatch (up to ten messages of up to ten jobs per request) are per tick, so with N monitors they divide by N',
          'checkers and verifiers send one SendMessage of merged rollup deltas per invocation; the aggregator applies them later (scenario rollupsApplied)',
          'raw results are kept as evidence: a steady passing check stores none unless it is the hour\'s sample',
        ],
        scenarios,
      };
      await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
    }
  });

  /** Runs one scheduler tick with only `active` unpaused, then delivers every message and runs every verification until all is quiet. */
  async function tick(active: readonly string[]): Promise<TickReport> {
    for (const monitor of (await home.monitors.all())) {
      const paused = !active.includes(monitor.id);
      if (monitor.paused !== paused) await home.monitors.replace({ ...monitor, paused });
    }
    for (const counter of counters.values()) counter.reset();
    Object.assign(poller.stats, { receives: 0, deletes: 0, emptyReceives: 0 });
    const recorderBefore = fakeLambda.invocations.get(RECORDER) ?? 0;
    const callsBefore = fakeLambda.calls.length;
    await roles.run('scheduler', () => functions.scheduler());
    const deliveries = await poller.drain();
    expect(deliveries.flatMap((d) => d.failed)).toEqual([]);
    // The verifications the checkers asked for, run by Lambda's asynchronous invocation.
    expect((await fakeLambda.settled()).failed).toEqual([]);
    expect(await poller.drain()).toEqual([]);
    const verifications = fakeLambda.calls
      .slice(callsBefore)
      .filter((call) => call.type === 'Event')
      .map((call) => ({ region: REGIONS.find((r) => verifierName(r) === call.name)!, request: call.payload as VerifyRequest }));
    return {
      deliveries,
      byRole: Object.fromEntries([...counters].map(([role, counter]) => [role, counter.snapshot()])),
      poller: { ...poller.stats },
      recorderInvocations: (fakeLambda.invocations.get(RECORDER) ?? 0) - recorderBefore,
      verifications,
    };
  }

  /** Requests per scheduled check, by service and operation, over every function and the event source mapping. */
  function record(name: string, description: string, report: TickReport, checks: number): void {
    const perCheck: Record<string, Record<string, number>> = {};
    for (const counts of Object.values(report.byRole)) {
      for (const [service, operations] of Object.entries(counts)) {
        for (const [operation, count] of Object.entries(operations)) {
          const service_ = (perCheck[service] ??= {});
          service_[operation] = (service_[operation] ?? 0) + count.requests / checks;
        }
      }
    }
    const sqs = (perCheck['SQS (event source mapping)'] ??= {});
    sqs['ReceiveMessage'] = report.poller.receives / checks;
    sqs['DeleteMessageBatch'] = report.poller.deletes / checks;
    scenarios[name] = {
      description,
      scheduledChecks: checks,
      lambdaInvocations: {
        scheduler: 1,
        ...Object.fromEntries(countBy(report.deliveries.map((d) => d.binding.split('@')[0]!))),
        verifier: report.verifications.length,
        recorder: report.recorderInvocations,
      },
      byRole: report.byRole,
      lambdaPoller: { receiveMessage: report.poller.receives, deleteMessageBatch: report.poller.deletes },
      perCheck,
    };
  }

  it('checks a healthy monitor in both regions; a steady UP check writes no state', async () => {
    const first = await tick([ids.up]);
    record('firstCheck', 'first tick of a new healthy monitor: PENDING -> UP in both regions', first, 2);
    expect(await home.states.get(ids.up)).toMatchObject({ status: 'UP' });

    const steady = await tick([ids.up]);
    record('steadyCheck', 'a healthy monitor already UP: the common case, what most checks cost', steady, 2);
    expect(steady.deliveries.map((d) => d.binding).sort()).toEqual([`checker@${HOME}`, `checker@${OTHER}`]);
    expect(target.seen.filter((s) => s.path === '/up').map((s) => s.region).sort()).toEqual([HOME, HOME, OTHER, OTHER]);
    // No state write, and no raw result unless the check is its hour's sample; one state look per check, eventually consistent.
    const samples = jobsDelivered(steady).filter((job) => isHourlySample(job.scheduledFor, 60)).length;
    expect(steady.byRole['checker']?.['DynamoDB']?.['PutItem']?.requests ?? 0).toBe(samples);
    expect(steady.byRole['checker']?.['DynamoDB']?.['GetItem']?.requests).toBe(2);
    expect(steady.byRole['checker']?.['DynamoDB']?.['UpdateItem']).toBeUndefined();
    // Each checker invocation sends its merged rollup deltas as one message.
    expect(steady.byRole['checker']?.['SQS']?.['SendMessage']?.requests).toBe(2);
    expect((await home.incidents.list({ limit: 10 })).items).toEqual([]);
  });

  it('opens one incident, verified from the other region, signed by KMS, and mails the alert', async () => {
    const report = await tick([ids.down]);
    record('outage', 'a monitor failing everywhere: both checks, one verification in the other region, incident, ledger entry, alert', report, 2);

    const incidents = (await home.incidents.list({ limit: 10, monitorId: ids.down })).items;
    expect(incidents).toHaveLength(1);
    const incident = incidents[0]!;
    expect(incident).toMatchObject({ status: 'open', verification: 'confirmed', cause: 'condition' });
    expect(incident.verifier?.region).not.toBe(incident.primary.region);
    // The verification request went to the verifier of the region that verified, as an asynchronous invocation.
    expect(report.verifications.filter((v) => v.region === incident.verifier!.region).map((v) => v.request.fromRegion)).toContain(incident.primary.region);
    expect(fakeLambda.invocations.get(RECORDER)).toBeGreaterThanOrEqual(4);

    // The ledger entry verifies with plain jose against the key KMS publishes.
    const entry = await home.ledger.byKey(`incident.opened:${incident.id}`);
    expect(entry?.seq).toBe(incident.ledger.opened);
    const spki = (await new KMSClient(moto().config(HOME)).send(new GetPublicKeyCommand({ KeyId: resources.keyId }))).PublicKey!;
    const jwk = await exportJWK(await importSPKI(`-----BEGIN PUBLIC KEY-----\n${Buffer.from(spki).toString('base64')}\n-----END PUBLIC KEY-----`, 'ES256'));
    const { payload } = await compactVerify(entry!.jws, await importJWK(jwk, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ type: 'incident.opened', incidentId: incident.id, seq: entry!.seq });
    const all = await home.ledger.range(0, 100);
    const kid = await calculateJwkThumbprint(jwk);
    expect(await auditLedger(all, { keys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }] }, { expectHead: all.length })).toMatchObject({ valid: true, problem: null });

    // One DOWN mail, to the monitor's recipients, in moto's SES store.
    const mails = await Promise.all(sesMessages(await moto().data()).map(async (m) => ({ ...m, mail: await PostalMime.parse(m.raw) })));
    const down = mails.filter((m) => m.mail.subject?.includes('E2E down'));
    expect(down).toHaveLength(1);
    expect([...new Set(down[0]!.destinations)]).toEqual(['ops@example.test']);
    expect(down[0]!.mail.text).toContain(incident.id);
  });

  it('opens no incident when only one region sees the failure: the other region refutes it', async () => {
    const report = await tick([ids.oneRegion]);
    record('regionalBlip', 'a failure seen in one region only: verification refutes it, an anomaly is stored, nobody is alerted', report, 2);

    expect((await home.incidents.list({ limit: 10, monitorId: ids.oneRegion })).items).toEqual([]);
    expect(await home.states.get(ids.oneRegion)).toMatchObject({ status: 'UP', openIncidentId: null });
    const { items: anomalies } = await createAwsStores({ tableName: TABLE, region: OTHER, homeRegion: HOME }).results.listAnomalies(ids.oneRegion, { limit: 10 });
    expect(anomalies.map((a) => [a.primary.region, a.verifier.region])).toEqual([[HOME, OTHER]]);
    const mails = await Promise.all(sesMessages(await moto().data()).map((m) => PostalMime.parse(m.raw)));
    expect(mails.filter((m) => m.subject?.includes('E2E oneRegion'))).toEqual([]);
  });

  it('applies every check\'s rollup delta once the aggregator runs: checks, failures and anomalies per monitor and region', async () => {
    for (const counter of counters.values()) counter.reset();
    const report = (await roles.run('aggregator', () => functions.aggregator())) as { messages: number; written: number; writes: number; failed: number; deleted: number };
    expect(report.failed).toBe(0);
    expect(report.deleted).toBe(report.messages);
    const now = Date.now();
    const totals = async (monitorId: string) => {
      const rollups = await home.results.listRollups(monitorId, now - 4 * 3_600_000, now + 3_600_000);
      const byRegion: Record<string, [number, number, number]> = {};
      for (const r of rollups) {
        const t = (byRegion[r.region] ??= [0, 0, 0]);
        t[0] += r.checks;
        t[1] += r.failures;
        t[2] += r.anomalies;
      }
      return byRegion;
    };
    // Two ticks of the healthy monitor; the outage's two failing checks and the verification; the blip's checks, its refuting verification and the anomaly in the failing region.
    expect(await totals(ids.up)).toEqual({ [HOME]: [2, 0, 0], [OTHER]: [2, 0, 0] });
    const down = await totals(ids.down);
    expect(Object.values(down).reduce((sum, [checks]) => sum + checks, 0)).toBe(3);
    expect(Object.values(down).reduce((sum, [, failures]) => sum + failures, 0)).toBe(3);
    expect(await totals(ids.oneRegion)).toEqual({ [HOME]: [1, 1, 1], [OTHER]: [2, 0, 0] });
    // The queue is empty: a second run writes nothing.
    const attributes = await new SQSClient(moto().config(HOME)).send(
      new GetQueueAttributesCommand({ QueueUrl: resources.rollupQueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(attributes.Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    expect(await functions.aggregator()).toMatchObject({ messages: 0, written: 0 });
    const counts = counters.get('aggregator')!.snapshot();
    // One write per monitor and hour, both regions of it together.
    expect(counts['DynamoDB']?.['UpdateItem']?.requests).toBe(report.writes);
    expect(report.writes).toBeLessThan(report.written);
    scenarios['rollupsApplied'] = {
      description: 'one aggregator run over every rollup message the scenarios above sent (one per checker or verifier invocation)',
      messages: report.messages,
      rollupsWritten: report.written,
      writes: report.writes,
      byRole: { aggregator: counts },
    };
  });
});

/** The check jobs the checkers were handed in a tick. */
function jobsDelivered(report: TickReport): CheckJob[] {
  return report.deliveries
    .filter((d) => d.binding.startsWith('checker@'))
    .flatMap((d) => d.bodies.flatMap((body) => [...jobsOf(parseMessageBody(CheckJobMessageSchema, body, 'check_job'))]));
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
