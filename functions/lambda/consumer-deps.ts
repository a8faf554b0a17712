/**
 * The composition root of the checker and the verifier: the same services as the local
 * runtime, plugged into the AWS adapters. Raw results go to this region's replica, and
 * only those worth keeping (`keepResults: 'evidence'`, see services/results.ts); rollup
 * deltas are merged per invocation and sent to the home region's rollups queue (the
 * handler flushes them once its batch is done; the aggregator applies them); state,
 * incidents and the alert log go to the home region's replica; ledger entries through
 * the recorder; verification requests to the other regions' verifier functions (invoked
 * asynchronously); alerts by SES (home region) and webhooks.
 */
import { randomUUID } from 'node:crypto';
import { createAwsStores, createLambdaLedgerWriter, createLambdaVerifyQueue, createSesNotifier } from '../adapters/aws/index.ts';
import { withRollupBuffer, type BufferedResultStore } from '../adapters/aws/rollup-buffer.ts';
import { createSqsRollupSender } from '../adapters/aws/sqs/rollup-queue.ts';
import { combineNotifiers } from '../adapters/common/notifiers/combine.ts';
import { createWebhookNotifier, type FlushableNotifier, type NotifierLogger } from '../adapters/common/notifiers/webhook.ts';
import { ConfigError } from '../core/errors.ts';
import type { JobQueue } from '../ports/queues.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { ENV } from './env-names.ts';
import { env, readEnv, type EnvValues } from './env.ts';
import { engineCheckRunner } from '../adapters/common/engine-check-runner.ts';
import { cloudProbePolicy } from './probe-policy.ts';

export const CONSUMER_ENV = {
  region: ['AWS_REGION', env.region],
  tableName: [ENV.table, env.text],
  homeRegion: [ENV.homeRegion, env.region],
  regions: [ENV.regions, env.regions],
  verifierFunctions: [ENV.verifierFunctions, env.namesByRegion],
  rollupQueueUrl: [ENV.rollupQueueUrl, env.url],
  recorderFunction: [ENV.recorderFunction, env.text],
  alertFrom: [ENV.alertFrom, env.mailbox],
  alertTo: [ENV.alertTo, env.emails],
  allowedPrivateRanges: [ENV.allowedPrivateRanges, env.cidrs],
} as const;

export type ConsumerConfig = EnvValues<typeof CONSUMER_ENV>;

export function readConsumerConfig(source: Readonly<Record<string, string | undefined>>): ConsumerConfig {
  return readEnv(CONSUMER_ENV, source);
}

export interface ConsumerDeps extends ServiceDeps {
  readonly results: BufferedResultStore;
  readonly notifier: FlushableNotifier;
}

/** Checkers and verifiers never schedule checks; the scheduler does. */
const noJobQueue: JobQueue = {
  send: () => Promise.reject(new ConfigError('check jobs are sent by the scheduler function, not from a probe region')),
};

export function consumerDeps(config: ConsumerConfig, logger: NotifierLogger): ConsumerDeps {
  const policy = cloudProbePolicy(config.allowedPrivateRanges);
  const notifier = combineNotifiers(
    createSesNotifier({ from: config.alertFrom, defaultTo: config.alertTo, region: config.homeRegion }),
    createWebhookNotifier({ policy, logger }),
  );
  const stores = createAwsStores({ tableName: config.tableName, region: config.region, homeRegion: config.homeRegion });
  return {
    ...stores,
    results: withRollupBuffer(stores.results, createSqsRollupSender({ queueUrl: config.rollupQueueUrl, region: config.homeRegion })),
    keepResults: 'evidence',
    ledgerWriter: createLambdaLedgerWriter({ functionName: config.recorderFunction, region: config.homeRegion }),
    jobs: noJobQueue,
    verify: createLambdaVerifyQueue({ functionNames: config.verifierFunctions }),
    notifier,
    checkRunner: engineCheckRunner(policy),
    clock: { now: () => Date.now() },
    ids: { next: () => randomUUID() },
    regions: config.regions,
  };
}
