/**
 * The checker: batches of messages from this region's checks queue, each message one
 * job or a wave of them (see core/waves.ts), every job of the batch run concurrently.
 * Each job: run the check, feed the state machine (which may ask another region to
 * verify), store the result. A message whose jobs did not all succeed is reported
 * failed and comes back whole (its other checks run again: one more check each, never
 * a second transition, since transitions are conditional writes). Once the batch is
 * done its merged rollup deltas go to the rollups queue in one message.
 */
import type { SQSEvent } from 'aws-lambda';
import { CrossCheckError, ValidationError } from '../core/errors.ts';
import type { CheckJob } from '../core/jobs.ts';
import { CheckJobMessageSchema, jobsOf } from '../core/messages.ts';
import { CONSUMER_ENV, consumerDeps, type ConsumerDeps } from '../lambda/consumer-deps.ts';
import { lambdaHandler } from '../lambda/lambda-handler.ts';
import { errorFields, MetricUnit, type Observability } from '../lambda/observability.ts';
import { sqsBatch } from '../lambda/sqs-batch.ts';
import { handleCheckJob } from '../services/check-job.ts';

function checkBatch(deps: ConsumerDeps, region: string, { logger, metrics }: Observability) {
  async function runJob(job: CheckJob): Promise<void> {
    // A job meant for another region would be checked from the wrong place and labelled wrong.
    if (job.region !== region) {
      throw new ValidationError([{ path: 'check_job.region', message: `is ${job.region}, but this is ${region}` }]);
    }
    const outcome = await handleCheckJob(deps, job);
    if (outcome.status === 'skipped') return;
    metrics.addMetric('ChecksRun', MetricUnit.Count, 1);
    if (!outcome.result.success) {
      metrics.addMetric('CheckFailures', MetricUnit.Count, 1);
      logger.info('check failed', { monitorId: job.monitor.id, jobId: job.jobId, cause: outcome.result.cause, status: outcome.state.status });
    }
  }

  return sqsBatch({
    what: 'check job',
    schema: CheckJobMessageSchema,
    logger,
    async handle(message) {
      const jobs = jobsOf(message);
      const settled = await Promise.allSettled(jobs.map(runJob));
      const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ job: jobs[i]!, reason: s.reason as unknown }] : []));
      if (failed.length === 0) return;
      for (const { job, reason } of failed) logger.warn('check job of a message failed', { jobId: job.jobId, monitorId: job.monitor.id, ...errorFields(reason) });
      if (failed.length === 1) throw failed[0]!.reason;
      throw new CrossCheckError(`${failed.length} of ${jobs.length} check jobs failed`, { cause: failed[0]!.reason });
    },
    // The batch's merged rollup deltas, as one message to the rollups queue.
    flush: async () => {
      await deps.results.flush();
    },
    after: () => deps.notifier.flush(),
  });
}

export const handler = lambdaHandler({
  env: CONSUMER_ENV,
  deps: (config, obs) => ({ checkBatch: checkBatch(consumerDeps(config, obs), config.region, obs) }),
  handle: (event: SQSEvent, context, deps) => deps.checkBatch(event, context),
});
