/**
 * The local runtime's composition root: the same services as Lambda, plugged into the
 * embedded adapters (SQLite, in-process queues, the local key, the outbox). Only this
 * file knows which adapters run; everything else talks to ports.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDirectoryAssetSource } from '../adapters/common/assets.ts';
import {
  AgentMailbox,
  combineNotifiers,
  createDurableVerifyQueues,
  createLocalJobQueue,
  createOutboxNotifier,
  createWebhookNotifier,
  InProcessQueue,
  localDatabasePath,
  openLocalStores,
} from '../adapters/local/index.ts';
import { openLocalSigner } from '../adapters/local/signer.ts';
import { apiDepsOf } from '../api/deps-of.ts';
import { bearerTokenAuth, createApi } from '../api/index.ts';
import type { CheckJob, VerifyRequest } from '../core/jobs.ts';
import { sharedNetwork } from '../core/locations.ts';
import type { Monitor } from '../core/monitor.ts';
import type { LedgerWriter } from '../ports/index.ts';
import { engineCheckRunner } from '../adapters/common/engine-check-runner.ts';
import { LOCAL_POLICY } from '../engine/index.ts';
import { createLedgerWriter, handleCheckJob, handleVerifyRequest, type ServiceDeps } from '../services/index.ts';
import { checkpointingWriter } from '../services/checkpoints.ts';
import { openLocalLog } from './local-log.ts';
import { monitorLifecycle } from '../services/monitor-lifecycle.ts';
import { agentAwareJobQueue, agentAwareVerifyQueue } from '../services/agent-routing.ts';
import { loadOrCreateAdminToken } from './admin-token.ts';
import { localAlerting } from './alerting.ts';
import { createPrometheusMetrics } from '../adapters/local/metrics/prometheus.ts';
import { sendAlertFollowUps } from '../services/alert-follow-ups.ts';
import { applyConfigFile, configFileSmtp } from './config-sync.ts';
import { acquireDataLock } from './data-lock.ts';
import { logCheckOutcome, loggingNotifier, logVerifyOutcome } from './event-log.ts';
import { createApiServer } from './http-server.ts';
import type { RuntimeLogger } from './logger.ts';
import type { RuntimeOptions } from './options.ts';
import { createSchedulerLoop } from './scheduler-loop.ts';

/** How long shutdown waits for checks already running. */
const SHUTDOWN_GRACE_MS = 15_000;
const SWEEP_EVERY_MS = 6 * 3_600_000;
const QUEUE_CONCURRENCY = 25;

export interface LocalRuntime {
  readonly url: string;
  readonly token: string;
  readonly tokenPath: string;
  readonly dataDir: string;
  readonly regions: readonly string[];
  /** Monitors there were at start (the banner's first-monitor hint is for an empty folder). */
  readonly monitorCount: number;
  /** Stops scheduling, lets running checks finish (bounded), closes everything. */
  stop(): Promise<void>;
}

export async function startLocalRuntime(options: RuntimeOptions, logger: RuntimeLogger): Promise<LocalRuntime> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireDataLock(options.dataDir);
  const closers: (() => void | Promise<void>)[] = [() => lock.release()];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const stores = openLocalStores({ path: localDatabasePath(options.dataDir), retentionDays: options.retentionDays });
    closers.push(() => stores.close());
    const head = await stores.ledger.head();
    const signer = await openLocalSigner(options.dataDir, { ledgerHasEntries: head !== null, ledgerHead: head?.seq });
    const { token, path: tokenPath } = loadOrCreateAdminToken(options.dataDir);
    const metricsToken = loadOrCreateAdminToken(options.dataDir, 'metrics-token').token;

    const clock = { now: () => Date.now() };
    const ids = { next: () => randomUUID() };
    const jobQueues = new Map<string, InProcessQueue<CheckJob>>();
    const verifyQueues = new Map<string, InProcessQueue<VerifyRequest>>();
    for (const region of options.regions) {
      jobQueues.set(region, new InProcessQueue<CheckJob>({ name: `checks-${region}`, concurrency: QUEUE_CONCURRENCY }));
      verifyQueues.set(region, new InProcessQueue<VerifyRequest>({ name: `verify-${region}`, concurrency: QUEUE_CONCURRENCY }));
    }
    let publicUrl: string | null = options.publicUrl ?? null;
    const smtp = options.smtp ?? (options.configFile ? await configFileSmtp(options.configFile) : null);
    const alerting = localAlerting(stores, { dataDir: options.dataDir, smtp, publicUrl: () => publicUrl, clock, logger });
    closers.push(() => alerting.close());
    const webhooks = alerting.notifier;
    const notifier = loggingNotifier(webhooks, logger);
    const checkRunner = engineCheckRunner(LOCAL_POLICY);
    let onMonitorChanged: (monitor: Monitor) => void = () => undefined;
    const tlog = await openLocalLog(options, stores, signer, (error) => logger.error('witness did not cosign', { error: error.message }));
    const ledgerWriter = watchMonitorChanges(
      checkpointingWriter(createLedgerWriter({ ledger: stores.ledger, signer, clock }), tlog.checkpointer, (error) =>
        logger.error('checkpoint not signed; the next append signs one', { error: String(error) }),
      ),
      (monitor) => onMonitorChanged(monitor),
    );
    // Verification requests are journaled in the database until handled: none is lost to a stop.
    const verify = createDurableVerifyQueues(verifyQueues, stores.verificationRequests);

    // Probe agents are locations too: their jobs and verification requests wait in a mailbox for their long poll.
    const agentJobs = new AgentMailbox();
    closers.push(() => agentJobs.close());
    const routing = { agents: stores.agents, agentJobs, clock, regions: options.regions };
    const deps: ServiceDeps = {
      ...stores,
      ledgerWriter,
      jobs: agentAwareJobQueue(createLocalJobQueue(jobQueues), routing),
      verify: agentAwareVerifyQueue(verify.port, routing),
      notifier,
      checkRunner,
      clock,
      ids,
      regions: options.regions,
      // The logical regions are one machine on one network: verification asks an agent first when there is one.
      networks: sharedNetwork(options.regions),
    };

    const metrics = createPrometheusMetrics({ ...stores, now: () => clock.now() });
    for (const queue of jobQueues.values()) {
      queue.consume(async (job) => {
        const outcome = await handleCheckJob(deps, job);
        if (outcome.status === 'checked') metrics.observeCheck(job.monitor, job.region, outcome.result);
        logCheckOutcome(logger, job, outcome);
      });
    }
    verify.consume(async (request, region) => logVerifyOutcome(logger, request, region, await handleVerifyRequest(deps, request, region)));
    const redelivery = verify.redeliver(clock.now());
    if (redelivery.redelivered + redelivery.dropped > 0) logger.info('verification requests from before the stop', { ...redelivery });

    const lifecycle = monitorLifecycle(deps);
    if (options.configFile) await applyConfigFile(options.configFile, { ...deps, lifecycle }, logger);

    const scheduler = createSchedulerLoop({ ...deps, clock }, logger, () => sendAlertFollowUps({ ...stores, channelNotifier: alerting.channelNotifier, clock }));
    onMonitorChanged = (monitor) => {
      scheduler.kickoff([monitor]).catch((error: unknown) => logger.error('could not schedule the first check', { monitorId: monitor.id, error: String(error) }));
    };

    const handler = createApi(
      apiDepsOf(stores, {
        ledgerWriter,
        lifecycle,
        checkRunner,
        channelSender: alerting.channelSender,
        metrics,
        metricsAuthorize: bearerTokenAuth(metricsToken),
        publicUrl: options.publicUrl ?? null,
        signer,
        statementSigner: signer,
        noteKeys: tlog.noteKeys,
        clock,
        ids,
        regions: options.regions,
        authorize: bearerTokenAuth(token),
        agentHub: { ...deps, agents: stores.agents, agentJobs },
        assets: createDirectoryAssetSource(options.assetsDir ?? fileURLToPath(new URL('../dashboard/static/', import.meta.url))),
        logger,
      }),
    );
    const server = createApiServer(handler, logger);
    const url = await listen(server, options.port, options.host);
    publicUrl ??= url;
    closers.push(() => closeServer(server));

    await stores.sweep(clock.now());
    const sweeper = setInterval(() => {
      stores.sweep(clock.now()).then(
        (deleted) => deleted > 0 && logger.info('retention sweep', { deleted, retentionDays: options.retentionDays }),
        (error: unknown) => logger.error('retention sweep failed', { error: String(error) }),
      );
    }, SWEEP_EVERY_MS).unref();
    const { monitors: monitorCount } = await scheduler.start();

    closers.push(async () => {
      // Order matters: no new jobs, then let running checks finish while their
      // verification requests still have somewhere to go, then the verifiers.
      scheduler.stop();
      clearInterval(sweeper);
      await settle([...jobQueues.values()], SHUTDOWN_GRACE_MS);
      await settle([...verifyQueues.values()], SHUTDOWN_GRACE_MS);
      await Promise.race([webhooks.flush(), delay(5_000)]);
    });
    return { url, token, tokenPath, dataDir: options.dataDir, regions: options.regions, monitorCount, stop: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * Every create or replace of a monitor is announced, so the scheduler can check it at
 * once. Monitor definitions are stored with their ledger entry, so the announcement
 * follows the append that carried the change.
 */
function watchMonitorChanges(writer: LedgerWriter, changed: (monitor: Monitor) => void): LedgerWriter {
  return {
    async append(input) {
      const record = await writer.append(input);
      const change = input.monitorChange;
      if (change !== undefined && change.op !== 'delete') changed(change.monitor);
      return record;
    },
  };
}

async function settle<T>(queues: readonly InProcessQueue<T>[], graceMs: number): Promise<void> {
  for (const queue of queues) queue.close();
  await Promise.race([Promise.all(queues.map((q) => q.drain())), delay(graceMs)]);
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actual = address && typeof address === 'object' ? address.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve(`http://${shownHost}:${actual}/`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}
