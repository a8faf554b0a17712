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
import { createSqsRollupSender, withRollupBuffer, type BufferedResultStore } from '../adapters/aws/index.ts';
import { engineCheckRunner } from '../adapters/common/engine-check-runner.ts';
import type { FlushableNotifier } from '../adapters/common/notifiers/webhook.ts';
import { ConfigError } from '../core/errors.ts';
import type { JobQueue } from '../ports/queues.ts';
import type { ServiceDeps } from '../services/deps.ts';
import {
  ALERTS_ENV,
  alertNotifier,
  PROBE_POLICY_ENV,
  probePolicy,
  RECORDER_ENV,
  recorderLedgerWriter,
  REGION_ENV,
  REGIONS_ENV,
  ROLLUP_QUEUE_ENV,
  rollupQueue,
  TABLE_ENV,
  tableStores,
  VERIFIERS_ENV,
  verifyQueue,
} from './config.ts';
import type { EnvValues } from './env.ts';
import type { Observability } from './observability.ts';

export const CONSUMER_ENV = {
  ...REGION_ENV,
  ...TABLE_ENV,
  ...REGIONS_ENV,
  ...ROLLUP_QUEUE_ENV,
  ...RECORDER_ENV,
  ...PROBE_POLICY_ENV,
  ...VERIFIERS_ENV,
  ...ALERTS_ENV,
} as const;

export type ConsumerConfig = EnvValues<typeof CONSUMER_ENV>;

export interface ConsumerDeps extends ServiceDeps {
  readonly results: BufferedResultStore;
  readonly notifier: FlushableNotifier;
}

/** Checkers and verifiers never schedule checks; the scheduler does. */
const noJobQueue: JobQueue = {
  send: () => Promise.reject(new ConfigError('check jobs are sent by the scheduler function, not from a probe region')),
};

export function consumerDeps(config: ConsumerConfig, observability: Observability): ConsumerDeps {
  const policy = probePolicy(config);
  const stores = tableStores(config, config.region);
  const notifier = alertNotifier(config, observability, stores);
  return {
    ...stores,
    results: withRollupBuffer(stores.results, createSqsRollupSender(rollupQueue(config))),
    keepResults: 'evidence',
    ledgerWriter: recorderLedgerWriter(config),
    jobs: noJobQueue,
    verify: verifyQueue(config),
    notifier,
    checkRunner: engineCheckRunner(policy),
    clock: { now: () => Date.now() },
    ids: { next: () => randomUUID() },
    regions: config.regions,
  };
}
