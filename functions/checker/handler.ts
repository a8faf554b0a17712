/**
 * The checker: a batch of check jobs from this region's checks queue, run concurrently.
 * Each job: run the check, store the result, feed the state machine (which may ask
 * another region to verify). Failed messages are reported for redelivery.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { CheckJobSchema } from '../core/messages.ts';
import { ValidationError } from '../core/errors.ts';
import { consumerDeps, readConsumerConfig } from '../lambda-common/consumer-deps.ts';
import { lazy } from '../lambda-common/lazy.ts';
import { MetricUnit, notifierLogger, observability } from '../lambda-common/observability.ts';
import { sqsBatch } from '../lambda-common/sqs-batch.ts';
import { handleCheckJob } from '../services/check-job.ts';

const { logger, metrics } = observability();
const config = lazy(() => readConsumerConfig(process.env));
const deps = lazy(() => consumerDeps(config(), notifierLogger(logger)));

const checkBatch = sqsBatch({
  what: 'check job',
  schema: CheckJobSchema,
  logger,
  async handle(job) {
    // A job meant for another region would be checked from the wrong place and labelled wrong.
    if (job.region !== config().region) {
      throw new ValidationError([{ path: 'check_job.region', message: `is ${job.region}, but this is ${config().region}` }]);
    }
    const outcome = await handleCheckJob(deps(), job);
    if (outcome.status === 'skipped') return;
    metrics.addMetric('ChecksRun', MetricUnit.Count, 1);
    if (!outcome.result.success) {
      metrics.addMetric('CheckFailures', MetricUnit.Count, 1);
      logger.info('check failed', { monitorId: job.monitor.id, jobId: job.jobId, cause: outcome.result.cause, status: outcome.state.status });
    }
  },
  // The batch's merged rollup deltas, as one message to the rollups queue.
  flush: async () => {
    await deps().results.flush();
  },
  after: () => deps().notifier.flush(),
});

export const handler = middy(checkBatch).use(injectLambdaContext(logger)).use(logMetrics(metrics, { captureColdStartMetric: true }));
