/**
 * The races of an outage, reproduced on the cloud composition (moto: SQS, DynamoDB, KMS
 * and SES in two regions; the real handlers, each function a pool of Lambda containers,
 * see cloud/containers.ts): deletes and pauses that overtake checks and verifications,
 * KMS throttling the recorder, checkers and verifiers racing the same transition, and a
 * checker timing out in the middle of its batch. Each ends with the signed ledger
 * audited against the KMS public key, and an exact count of incidents, ledger entries
 * and alert mails in moto's SES store.
 *
 * Faults are injected at the functions' own SDK clients (cloud/faults.ts), races are
 * made certain by holding the racers' conditional writes until all of them have read
 * (`gather`), and the Lambda stand-in retries failed asynchronous runs twice, as Lambda
 * does. Functions log nothing unless CROSSCHECK_RACES_LOG_LEVEL says so.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import type { JWK } from 'jose';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { createAwsStores, createLambdaLedgerWriter, type AwsStores } from '../../functions/adapters/aws/index.ts';
import type * as Clients from '../../functions/adapters/aws/clients.ts';
import type { ApiGatewayV2Result } from '../../functions/api/event.ts';
import type { Incident } from '../../functions/core/incident.ts';
import type { VerifyRequest } from '../../functions/core/jobs.ts';
import { stableHash } from '../../functions/core/schedule.ts';
import { createMonitor } from '../../functions/services/monitors.ts';
import { apiRequest } from './cloud/api-events.ts';
import { createFunctionPool, type Container, type FunctionPool } from './cloud/containers.ts';
import { startFakeLambda, type FakeLambda } from './cloud/fake-lambda.ts';
import { awsError, createRequestFaults, type RequestInfo } from './cloud/faults.ts';
import { CLIENTS_MODULE, scheduledEvent, type ContainerLoader } from './cloud/handler-functions.ts';
import { auditStoredLedger, kmsPublicJwk } from './cloud/ledger-audit.ts';
import { createCloudResources, functionEnvironment, type CloudResources } from './cloud/resources.ts';
import { createSqsPoller, type Delivery, type SqsEvent } from './cloud/sqs-poller.ts';
import { startTarget, type Target } from './cloud/target.ts';
import { describeOnMoto, pointSdkEnvironmentAt, sesMessages, setEnvironment } from '../helpers/moto.ts';

const HOME = 'eu-west-1';
const OTHER = 'us-east-1';
const REGIONS = [HOME, OTHER];
const TABLE = 'crosscheck-races';
const RECORDER = 'crosscheck-recorder';
const verifierName = (region: string) => `crosscheck-${region}-verifier`;

/** A fresh container in vitest: a new module registry for the handler, and so its own SDK clients. */
const vitestContainer: ContainerLoader = async (url) => {
  vi.resetModules();
  const module = (await import(url.href)) as { handler: (event: unknown, context: Context) => Promise<unknown> };
  return { handler: module.handler, clients: (await import(CLIENTS_MODULE.href)) as typeof Clients };
};

/** A monitor id whose 60 s phase is second 0: the scheduler sends its jobs with no delay, whenever the tick runs. */
function idDueAtSecondZero(prefix: string): string {
  for (let n = 0; ; n += 1) if (stableHash(`${prefix}-${n}`) % 60 === 0) return `${prefix}-${n}`;
}

/** A conditional write of a monitor's state (the version-checked PutItem of a transition or of clearing its effects). */
const isStateWrite = (monitorId: string) => (request: RequestInfo) =>
  request.command === 'PutItemCommand' && (request.input['Item'] as Record<string, { S?: string }> | undefined)?.['pk']?.S === `STATE#${monitorId}`;

const throttling = () => awsError('ThrottlingException', 'Rate exceeded');

/** The ledger entry type a KMS Sign request signs (its message is the JWS signing input, `header.payload`). */
function signedEntryType(request: RequestInfo): string | undefined {
  const message = request.input['Message'];
  if (!(message instanceof Uint8Array)) return undefined;
  const payload = Buffer.from(message).toString('ascii').split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { type?: string }).type;
}

/** A held asynchronous invocation: runs only once released. */
function createHold() {
  let arrived!: () => void;
  let release!: () => void;
  return {
    arrived: new Promise<void>((resolve) => (arrived = resolve)),
    released: new Promise<void>((resolve) => (release = resolve)),
    arrive: () => arrived(),
    release: () => release(),
  };
}

describeOnMoto('races of an outage on the cloud composition (moto)', (moto) => {
  const faults = createRequestFaults();
  const eventCopies = new Map<string, number>();
  const verifierHolds = new Map<string, ReturnType<typeof createHold>>();
  /** What each verifier run answered, in order. */
  const verifierAnswers: { monitorId: string; outcome: string | null; applied: boolean }[] = [];
  let restoreEnv: () => void;
  let restoreFunctionEnv: () => void;
  let target: Target;
  let resources: CloudResources;
  let fakeLambda: FakeLambda;
  let home: AwsStores;
  let jwk: JWK;
  let poller: ReturnType<typeof createSqsPoller>;
  const pools = new Map<string, FunctionPool>();
  const pool = (folder: string, region = HOME) => pools.get(`${folder}@${region}`)!;

  beforeAll(async () => {
    restoreEnv = pointSdkEnvironmentAt(moto().endpoint);
    target = await startTarget();
    resources = await createCloudResources(moto(), { regions: REGIONS, homeRegion: HOME, table: TABLE, sender: 'alerts@example.test' });

    fakeLambda = await startFakeLambda(
      {
        [RECORDER]: (payload) => pool('recorder').invoke(payload),
        ...Object.fromEntries(
          REGIONS.map((region) => [
            verifierName(region),
            async (payload: unknown) => {
              const monitorId = (payload as VerifyRequest).monitor.id;
              const hold = verifierHolds.get(monitorId);
              if (hold) {
                hold.arrive();
                await hold.released;
              }
              const answer = (await pool('verifier', region).invoke(payload)) as { outcome: string | null; applied: boolean };
              verifierAnswers.push({ monitorId, ...answer });
              return answer;
            },
          ]),
        ),
      },
      // Lambda's asynchronous invocation: two retries of a failed run, and at-least-once delivery.
      { asyncRetries: 2, eventCopies: (name) => eventCopies.get(name) ?? 1 },
    );
    restoreFunctionEnv = setEnvironment({
      ...functionEnvironment(resources, {
        recorderFunction: RECORDER,
        verifierFunction: verifierName,
        proberFunction: (region) => `crosscheck-${region}-prober`,
        alertTo: 'oncall@example.test',
        checkWaveSeconds: 1,
        allowedPrivateRanges: '127.0.0.1/32',
      }),
      AWS_ENDPOINT_URL_LAMBDA: fakeLambda.endpoint,
      AWS_REGION: HOME,
      POWERTOOLS_SERVICE_NAME: 'crosscheck-races',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: process.env['CROSSCHECK_RACES_LOG_LEVEL'] ?? 'SILENT',
      // Powertools' output through `console` (dev mode), so that the warning below can be told apart.
      POWERTOOLS_DEV: 'true',
    });
    // Invocations that record no metric (warming, a batch whose jobs were all skipped) make Powertools warn; nothing is wrong then.
    const warn = console.warn.bind(console);
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).startsWith('No application metrics to publish')) warn(...args);
    });

    const onContainer = (container: Container) => {
      const { clients } = container;
      for (const region of REGIONS) {
        for (const client of [clients.dynamoDbClient(region), clients.sqsClient(region), clients.kmsClient(region), clients.sesClient(region), clients.lambdaClient(region)]) {
          faults.attach(client, container);
        }
      }
    };
    const functionNames: Record<string, (region: string) => string> = {
      scheduler: () => 'crosscheck-scheduler',
      http: () => 'crosscheck-http',
      recorder: () => RECORDER,
      checker: (region) => `crosscheck-${region}-checker`,
      verifier: verifierName,
    };
    for (const [folder, regions] of [
      ['scheduler', [HOME]],
      ['http', [HOME]],
      ['recorder', [HOME]],
      ['checker', REGIONS],
      ['verifier', REGIONS],
    ] as const) {
      for (const region of regions) {
        pools.set(
          `${folder}@${region}`,
          createFunctionPool({ folder, functionName: functionNames[folder]!(region), region, clientRegions: REGIONS, load: vitestContainer, onContainer }),
        );
      }
    }
    const pollerClients = new Map(REGIONS.map((region) => [region, new SQSClient(moto().config(region))]));
    poller = createSqsPoller(
      (region) => pollerClients.get(region)!,
      REGIONS.map((region) => ({
        name: `checker@${region}`,
        region,
        queueUrl: resources.queueUrls[region]!,
        fn: async (event: SqsEvent) => (await pool('checker', region).invoke(event)) as { batchItemFailures: { itemIdentifier: string }[] },
      })),
      // A failed invocation deletes nothing, and what was not deleted comes back at the next receive (as if its visibility timeout had passed).
      { invocationErrors: 'fail-batch', redeliverAfterSeconds: 0 },
    );
    home = createAwsStores({ tableName: TABLE, region: HOME, homeRegion: HOME });
    jwk = await kmsPublicJwk(moto(), HOME, resources.keyId);
    // One warm container of each, before any race.
    for (const p of pools.values()) await p.warm(1);
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    restoreFunctionEnv?.();
    restoreEnv?.();
    await fakeLambda?.close();
    await target?.close();
  });

  beforeEach(() => {
    faults.reset();
    eventCopies.clear();
    verifierHolds.clear();
  });

  // ---- the steps of a scenario ----

  /** Monitors created as the API creates them (a signed monitor.created entry each), paused until a tick activates them. */
  async function createMonitors(specs: Readonly<Record<string, string>>): Promise<void> {
    const deps = {
      monitors: home.monitors,
      ledgerWriter: createLambdaLedgerWriter({ functionName: RECORDER, region: HOME }),
      clock: { now: () => Date.now() },
      regions: REGIONS,
    };
    for (const [id, path] of Object.entries(specs)) {
      await createMonitor(
        { ...deps, ids: { next: () => id } },
        { name: `Race ${id}`, url: target.url(path), paused: true, failureThreshold: 1, successThreshold: 1, alerts: { email: ['ops@example.test'] } },
      );
    }
  }

  /** Only `active` monitors are due at the next tick: every other one is paused in the store (a test fixture, not a pause through the API). */
  async function activate(active: readonly string[]): Promise<void> {
    for (const monitor of await home.monitors.all()) {
      const paused = !active.includes(monitor.id);
      if (monitor.paused !== paused) await home.monitors.replace({ ...monitor, paused });
    }
  }

  /** The scheduler's tick: the due monitors' jobs go to each region's checks queue. */
  async function schedule(expectedJobs: number): Promise<void> {
    expect(await pool('scheduler').invoke(scheduledEvent(HOME))).toEqual({ jobs: expectedJobs });
  }

  /** Delivers every queued message and runs every asynchronous invocation until all is quiet. */
  async function deliverAll(): Promise<Delivery[]> {
    const deliveries: Delivery[] = [];
    for (let round = 0; round < 10; round += 1) {
      const delivered = await poller.drain();
      deliveries.push(...delivered);
      const { failed } = await fakeLambda.settled();
      expect(failed).toEqual([]);
      if (delivered.length === 0) break;
    }
    for (const p of pools.values()) await p.settled();
    return deliveries;
  }

  async function api(method: string, path: string, body?: unknown): Promise<ApiGatewayV2Result> {
    return (await pool('http').invoke(apiRequest(method, path, body))) as ApiGatewayV2Result;
  }

  async function incidentsOf(monitorId: string): Promise<readonly Incident[]> {
    return (await home.incidents.list({ limit: 20, monitorId })).items;
  }

  /** The alert mails about a monitor in moto's SES store, by kind. */
  async function mailsAbout(monitorId: string): Promise<{ down: number; recovered: number; all: number }> {
    const subjects = await Promise.all(sesMessages(await moto().data()).map(async (m) => (await PostalMime.parse(m.raw)).subject ?? ''));
    const mine = subjects.filter((s) => s.includes(` Race ${monitorId} `));
    return {
      down: mine.filter((s) => s.startsWith('[CrossCheck] DOWN:')).length,
      recovered: mine.filter((s) => s.startsWith('[CrossCheck] RECOVERED:')).length,
      all: mine.length,
    };
  }

  /** The ledger audited against the KMS public key; its entries' payloads. */
  async function auditedLedger() {
    const report = await auditStoredLedger(home.ledger, jwk);
    expect(report).toMatchObject({ valid: true, problem: null });
    const entries = report.entries.map((entry) => entry.payload as unknown as Record<string, unknown> & { seq: number; type: string });
    // One entry per event: an incident's opening or resolution is never signed twice.
    const events = entries
      .filter((e) => e.type.startsWith('incident.'))
      .map((e) => `${e.type}:${String(e['incidentId'])}`);
    expect(new Set(events).size).toBe(events.length);
    return entries;
  }

  const incidentEntries = (entries: readonly Record<string, unknown>[], type: string, incidentId: string) =>
    entries.filter((e) => e['type'] === type && e['incidentId'] === incidentId);

  // ---- the scenarios ----

  it('runs no check for a job delivered after its monitor was deleted or paused through the API', async () => {
    const gone = idDueAtSecondZero('race-deleted');
    const held = idDueAtSecondZero('race-paused');
    await createMonitors({ [gone]: `/down?m=${gone}`, [held]: `/down?m=${held}` });
    await activate([gone, held]);
    await schedule(4);

    // The jobs wait in the checks queues while the monitors change.
    expect((await api('DELETE', `/v1/monitors/${gone}`)).statusCode).toBe(204);
    expect((await api('PATCH', `/v1/monitors/${held}`, { paused: true })).statusCode).toBe(200);
    const deliveries = await deliverAll();

    expect(deliveries.filter((d) => d.bodies.some((b) => b.includes(gone) || b.includes(held))).length).toBeGreaterThan(0);
    expect(deliveries.flatMap((d) => d.failed)).toEqual([]);
    expect(target.seen.filter((s) => s.path.includes(gone) || s.path.includes(held))).toEqual([]);
    expect(await home.states.get(gone)).toMatchObject({ status: 'PENDING', stopped: { reason: 'deleted' }, verification: null });
    expect(await home.states.get(held)).toMatchObject({ status: 'PENDING', stopped: { reason: 'paused' }, verification: null });
    for (const region of REGIONS) {
      const results = createAwsStores({ tableName: TABLE, region, homeRegion: HOME }).results;
      expect((await results.listResults(gone, { limit: 10 })).items).toEqual([]);
      expect((await results.listResults(held, { limit: 10 })).items).toEqual([]);
    }
    expect(await incidentsOf(gone)).toEqual([]);
    expect(await incidentsOf(held)).toEqual([]);
    expect(await mailsAbout(gone)).toMatchObject({ all: 0 });
    expect(await mailsAbout(held)).toMatchObject({ all: 0 });
    // No verification was asked for either.
    expect(fakeLambda.calls.filter((c) => c.type === 'Event' && [gone, held].includes((c.payload as VerifyRequest).monitor.id))).toEqual([]);

    const entries = await auditedLedger();
    expect(entries.filter((e) => e['type'] === 'monitor.deleted' && (e['monitor'] as { id: string }).id === gone)).toHaveLength(1);
  });

  it('closes the incident of a monitor paused or deleted while DOWN with the reason, signed, and no RECOVERED alert', async () => {
    const paused = idDueAtSecondZero('race-down-paused');
    const deleted = idDueAtSecondZero('race-down-deleted');
    await createMonitors({ [paused]: `/down?m=${paused}`, [deleted]: `/down?m=${deleted}` });
    await activate([paused, deleted]);
    await schedule(4);
    await deliverAll();
    const opened = { paused: await incidentsOf(paused), deleted: await incidentsOf(deleted) };
    expect(opened.paused).toMatchObject([{ status: 'open', verification: 'confirmed' }]);
    expect(opened.deleted).toMatchObject([{ status: 'open', verification: 'confirmed' }]);

    expect((await api('PATCH', `/v1/monitors/${paused}`, { paused: true })).statusCode).toBe(200);
    expect((await api('DELETE', `/v1/monitors/${deleted}`)).statusCode).toBe(204);

    const closed = { paused: await incidentsOf(paused), deleted: await incidentsOf(deleted) };
    expect(closed.paused).toMatchObject([{ id: opened.paused[0]!.id, status: 'resolved', resolution: 'monitor paused' }]);
    expect(closed.deleted).toMatchObject([{ id: opened.deleted[0]!.id, status: 'resolved', resolution: 'monitor deleted' }]);
    expect(await home.states.get(paused)).toMatchObject({ status: 'PENDING', openIncidentId: null, stopped: { reason: 'paused' } });
    expect(await home.states.get(deleted)).toMatchObject({ status: 'PENDING', openIncidentId: null, stopped: { reason: 'deleted' } });
    expect(await mailsAbout(paused)).toEqual({ down: 1, recovered: 0, all: 1 });
    expect(await mailsAbout(deleted)).toEqual({ down: 1, recovered: 0, all: 1 });

    const entries = await auditedLedger();
    for (const [incident, reason] of [
      [closed.paused[0]!, 'monitor paused'],
      [closed.deleted[0]!, 'monitor deleted'],
    ] as const) {
      expect(incidentEntries(entries, 'incident.opened', incident.id)).toHaveLength(1);
      const resolved = incidentEntries(entries, 'incident.resolved', incident.id);
      expect(resolved).toMatchObject([{ reason, resolvedAt: incident.resolvedAt }]);
      expect(resolved[0]!['seq']).toBe(incident.ledger.resolved);
    }
  });

  it('drops a verifier answer that arrives after the monitor was paused: no incident, no alert', async () => {
    const late = idDueAtSecondZero('race-late-answer');
    await createMonitors({ [late]: `/switch/${late}` });
    target.setDown(late, true);
    await activate([late]);
    const hold = createHold();
    verifierHolds.set(late, hold);
    await schedule(2);

    // The checkers fail and ask the other region to verify; the verifier starts once they are done,
    // and its check gets no answer until the monitor is paused.
    const delivering = poller.drain();
    await hold.arrived;
    await delivering;
    expect(await home.states.get(late)).toMatchObject({ status: 'VERIFYING' });
    const answer = target.hold(late);
    const seen = () => target.seen.filter((s) => s.path.includes(late)).map((s) => s.region);
    hold.release();
    await vi.waitFor(() => expect(seen()).toEqual([HOME, OTHER, OTHER]), { timeout: 5_000, interval: 10 });
    expect((await api('PATCH', `/v1/monitors/${late}`, { paused: true })).statusCode).toBe(200);
    answer();
    await deliverAll();

    // The verifier's check saw the failure, but its answer came after the pause: nothing took it.
    expect(verifierAnswers.filter((a) => a.monitorId === late)).toEqual([{ monitorId: late, outcome: 'confirmed', applied: false }]);
    expect(await incidentsOf(late)).toEqual([]);
    expect(await home.states.get(late)).toMatchObject({ status: 'PENDING', verification: null, openIncidentId: null, stopped: { reason: 'paused' } });
    for (const region of REGIONS) {
      const { items } = await createAwsStores({ tableName: TABLE, region, homeRegion: HOME }).results.listResults(late, { limit: 10 });
      expect(items.filter((r) => r.kind === 'verification')).toEqual([]);
    }
    expect(await mailsAbout(late)).toMatchObject({ all: 0 });
    const entries = await auditedLedger();
    expect(entries.filter((e) => e['type'] === 'incident.opened' && (e['monitor'] as { id: string }).id === late)).toEqual([]);
  });

  it('runs no verification check for a monitor paused or deleted before its verifier started', async () => {
    const paused = idDueAtSecondZero('race-verify-paused');
    const deleted = idDueAtSecondZero('race-verify-deleted');
    await createMonitors({ [paused]: `/down?m=${paused}`, [deleted]: `/down?m=${deleted}` });
    await activate([paused, deleted]);
    const holds = [createHold(), createHold()] as const;
    verifierHolds.set(paused, holds[0]);
    verifierHolds.set(deleted, holds[1]);
    await schedule(4);

    // The verification requests wait in Lambda's queue while the monitors change.
    await poller.drain();
    await Promise.all(holds.map((h) => h.arrived));
    expect((await api('PATCH', `/v1/monitors/${paused}`, { paused: true })).statusCode).toBe(200);
    expect((await api('DELETE', `/v1/monitors/${deleted}`)).statusCode).toBe(204);
    for (const h of holds) h.release();
    await deliverAll();

    // Each monitor was checked by the two checkers, before the change, and never again: the verifier contacted nothing.
    for (const id of [paused, deleted]) {
      expect(target.seen.filter((s) => s.path.includes(id)).map((s) => s.region).sort()).toEqual([HOME, OTHER].sort());
      expect(verifierAnswers.filter((a) => a.monitorId === id)).toEqual([{ monitorId: id, outcome: null, applied: false }]);
      expect(await incidentsOf(id)).toEqual([]);
      expect(await mailsAbout(id)).toMatchObject({ all: 0 });
    }
    expect(await home.states.get(paused)).toMatchObject({ status: 'PENDING', verification: null, stopped: { reason: 'paused' } });
    expect(await home.states.get(deleted)).toMatchObject({ status: 'PENDING', verification: null, stopped: { reason: 'deleted' } });
    await auditedLedger();
  });

  it('opens one incident, one ledger entry and one DOWN mail while KMS throttles the recorder past the SDK retries', async () => {
    const throttled = idDueAtSecondZero('race-kms-throttled');
    await createMonitors({ [throttled]: `/down?m=${throttled}` });
    await activate([throttled]);
    // Three attempts: all of one Sign call's (the SDK's standard retries), so the append fails once for the product too.
    const sign = faults.failNext('SignCommand', 3, throttling);
    const runsBefore = fakeLambda.runs.length;
    await schedule(2);
    // The home region's check first, and the verification it asks for to its end: then nothing else races the throttled verifier.
    await poller.deliverCopies(`checker@${HOME}`, 1);
    expect((await fakeLambda.settled()).failed).toEqual([]);
    await deliverAll();

    expect(sign.failed()).toBe(3);
    // The verifier that confirmed could not sign the opening: it failed, Lambda ran it again, and the pending effects completed.
    const runs = fakeLambda.runs.slice(runsBefore).filter((r) => r.name.endsWith('-verifier'));
    expect(runs.map((r) => [r.attempt, r.error === undefined ? 'ok' : (r.error as Error).message.includes('ThrottlingException')])).toEqual([
      [0, true],
      [1, 'ok'],
    ]);
    const incidents = await incidentsOf(throttled);
    expect(incidents).toMatchObject([{ status: 'open', verification: 'confirmed' }]);
    const state = await home.states.get(throttled);
    expect(state).toMatchObject({ status: 'DOWN', openIncidentId: incidents[0]!.id });
    expect(state?.pendingEffects ?? []).toEqual([]);
    expect(await mailsAbout(throttled)).toEqual({ down: 1, recovered: 0, all: 1 });
    const entries = await auditedLedger();
    expect(incidentEntries(entries, 'incident.opened', incidents[0]!.id).map((e) => e['seq'])).toEqual([incidents[0]!.ledger.opened]);
  });

  it('closes the incident of a monitor paused while KMS throttles the signing of its resolution: 503, and the retried pause completes', async () => {
    const paused = idDueAtSecondZero('race-pause-throttled');
    await createMonitors({ [paused]: `/down?m=${paused}` });
    await activate([paused]);
    await schedule(2);
    await deliverAll();
    const [incident] = await incidentsOf(paused);
    expect(incident).toMatchObject({ status: 'open' });

    // Every attempt of the one Sign call for the incident.resolved entry is throttled.
    const sign = faults.failNext('SignCommand', 3, throttling, (request) => signedEntryType(request) === 'incident.resolved');
    const first = await api('PATCH', `/v1/monitors/${paused}`, { paused: true });
    expect(sign.failed()).toBe(3);
    // KMS is busy, not broken: the API says so, and the client retries.
    expect(first).toMatchObject({ statusCode: 503, headers: { 'retry-after': '1' } });
    expect((await api('PATCH', `/v1/monitors/${paused}`, { paused: true })).statusCode).toBe(200);

    expect(await incidentsOf(paused)).toMatchObject([{ id: incident!.id, status: 'resolved', resolution: 'monitor paused' }]);
    expect(await mailsAbout(paused)).toEqual({ down: 1, recovered: 0, all: 1 });
    const entries = await auditedLedger();
    expect(incidentEntries(entries, 'incident.resolved', incident!.id)).toMatchObject([{ reason: 'monitor paused' }]);
  });

  it('opens and resolves exactly once while checkers and verifiers race the same transitions, through conditional-check storms and KMS throttling', async () => {
    const raced = idDueAtSecondZero('race-storm');
    await createMonitors({ [raced]: `/switch/${raced}` });
    await activate([raced]);
    target.setDown(raced, true);
    // Warm containers for every racer, so that cold starts do not space them out.
    await Promise.all([pool('checker', HOME).warm(4), pool('verifier', HOME).warm(3), pool('verifier', OTHER).warm(3), pool('recorder').warm(3)]);
    // Every verification request is delivered twice, at once.
    for (const region of REGIONS) eventCopies.set(verifierName(region), 2);
    const sign = faults.failNext('SignCommand', 2, throttling);
    const conflictsBefore = faults.errors.get('ConditionalCheckFailedException') ?? 0;

    // The failing job delivered to four checkers at once in the home region, and once in the other; their state writes all wait until each has read.
    let storm = faults.gather(isStateWrite(raced), 5, 5_000);
    await schedule(2);
    await Promise.all([poller.deliverCopies(`checker@${HOME}`, 4), poller.deliverCopies(`checker@${OTHER}`, 1)]);
    await deliverAll();

    expect(await storm).toBe(5);
    expect((faults.errors.get('ConditionalCheckFailedException') ?? 0) - conflictsBefore).toBeGreaterThanOrEqual(4);
    expect(sign.failed()).toBe(2);
    const answers = verifierAnswers.filter((a) => a.monitorId === raced);
    expect(answers.length).toBeGreaterThanOrEqual(2);
    expect(answers.filter((a) => a.applied)).toEqual([{ monitorId: raced, outcome: 'confirmed', applied: true }]);
    const [incident] = await incidentsOf(raced);
    expect(await incidentsOf(raced)).toMatchObject([{ status: 'open', verification: 'confirmed' }]);
    expect(await home.states.get(raced)).toMatchObject({ status: 'DOWN', openIncidentId: incident!.id });
    expect(await mailsAbout(raced)).toEqual({ down: 1, recovered: 0, all: 1 });
    let entries = await auditedLedger();
    expect(incidentEntries(entries, 'incident.opened', incident!.id).map((e) => e['seq'])).toEqual([incident!.ledger.opened]);

    // The service heals: the passing job raced the same way resolves the incident once.
    target.setDown(raced, false);
    storm = faults.gather(isStateWrite(raced), 5, 5_000);
    await schedule(2);
    await Promise.all([poller.deliverCopies(`checker@${HOME}`, 4), poller.deliverCopies(`checker@${OTHER}`, 1)]);
    await deliverAll();

    expect(await storm).toBe(5);
    const [resolved] = await incidentsOf(raced);
    expect(await incidentsOf(raced)).toMatchObject([{ id: incident!.id, status: 'resolved' }]);
    expect(resolved!.resolution).toBeUndefined();
    const state = await home.states.get(raced);
    expect(state).toMatchObject({ status: 'UP', openIncidentId: null });
    expect(state?.pendingEffects ?? []).toEqual([]);
    expect(await mailsAbout(raced)).toEqual({ down: 1, recovered: 1, all: 2 });
    entries = await auditedLedger();
    const resolvedEntries = incidentEntries(entries, 'incident.resolved', incident!.id);
    expect(resolvedEntries.map((e) => e['seq'])).toEqual([resolved!.ledger.resolved]);
    expect(resolvedEntries[0]).not.toHaveProperty('reason');
  });

  it('runs a timed-out batch again without a second incident or ledger entry: the transition written before the timeout completes', async () => {
    const down = idDueAtSecondZero('race-timeout-down');
    const up = idDueAtSecondZero('race-timeout-up');
    const slow = idDueAtSecondZero('race-timeout-slow');
    // The failing check answers after 100 ms, the slow one after 500 ms: the slow check is surely in flight when the failing one's state is written.
    await createMonitors({ [down]: `/down?m=${down}&delay=100`, [up]: `/up?m=${up}`, [slow]: `/up?m=${slow}&delay=500` });
    await activate([down, up, slow]);
    // The home checker's invocation times out right after its state write for the failing monitor: the worst moment, the transition stored and its verification request not yet sent.
    faults.after(
      (request, owner) => isStateWrite(down)(request) && (owner as Container).folder === 'checker' && (owner as Container).region === HOME,
      (owner) => (owner as Container).timeOut(),
    );
    await schedule(6);
    const deliveries = await deliverAll();

    const homeDeliveries = deliveries.filter((d) => d.binding === `checker@${HOME}`);
    expect(homeDeliveries.length).toBeGreaterThanOrEqual(2);
    expect((homeDeliveries[0]!.error as Error).message).toMatch(/Task timed out/);
    expect(homeDeliveries.slice(1).every((d) => d.error === undefined && d.failed.length === 0)).toBe(true);
    // The whole message came back and every job ran again, the slow one included (it was in flight at the timeout).
    const homeChecks = (id: string) => target.seen.filter((s) => s.path.includes(id) && s.region === HOME).length;
    expect([homeChecks(down), homeChecks(up), homeChecks(slow)]).toEqual([2, 2, 2]);

    const incidents = await incidentsOf(down);
    expect(incidents).toMatchObject([{ status: 'open', verification: 'confirmed' }]);
    expect(await incidentsOf(up)).toEqual([]);
    expect(await incidentsOf(slow)).toEqual([]);
    expect(await home.states.get(down)).toMatchObject({ status: 'DOWN', openIncidentId: incidents[0]!.id });
    expect(await home.states.get(up)).toMatchObject({ status: 'UP' });
    expect(await home.states.get(slow)).toMatchObject({ status: 'UP' });
    expect(await mailsAbout(down)).toEqual({ down: 1, recovered: 0, all: 1 });
    expect(await mailsAbout(up)).toMatchObject({ all: 0 });
    expect(await mailsAbout(slow)).toMatchObject({ all: 0 });
    const entries = await auditedLedger();
    expect(incidentEntries(entries, 'incident.opened', incidents[0]!.id).map((e) => e['seq'])).toEqual([incidents[0]!.ledger.opened]);
  });
});
