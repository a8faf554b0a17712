/**
 * The verifier: verification requests from other regions, each re-checked at once from
 * this region's own network path. Confirmed opens the incident (home region, exactly
 * once); refuted records a regional anomaly. Failed messages are reported for redelivery.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { VerifyRequestSchema } from '../core/messages.ts';
import { consumerDeps, readConsumerConfig } from '../lambda-common/consumer-deps.ts';
import { lazy } from '../lambda-common/lazy.ts';
import { MetricUnit, notifierLogger, observability } from '../lambda-common/observability.ts';
import { sqsBatch } from '../lambda-common/sqs-batch.ts';
import { handleVerifyRequest } from '../services/verify-request.ts';

const { logger, metrics } = observability();
const config = lazy(() => readConsumerConfig(process.env));
const deps = lazy(() => consumerDeps(config(), notifierLogger(logger)));

const verifyBatch = sqsBatch({
  what: 'verification request',
  schema: VerifyRequestSchema,
  logger,
  async handle(request) {
    const outcome = await handleVerifyRequest(deps(), request, config().region);
    metrics.addMetric(outcome.outcome === 'confirmed' ? 'VerificationsConfirmed' : 'VerificationsRefuted', MetricUnit.Count, 1);
    if (outcome.applied) metrics.addMetric(outcome.outcome === 'confirmed' ? 'IncidentsOpened' : 'AnomaliesRecorded', MetricUnit.Count, 1);
    logger.info('verification', {
      monitorId: request.monitor.id,
      verificationId: request.verificationId,
      fromRegion: request.fromRegion,
      outcome: outcome.outcome,
      applied: outcome.applied,
      status: outcome.state.status,
    });
  },
  // The batch's merged rollup deltas, as one message to the rollups queue.
  flush: async () => {
    await deps().results.flush();
  },
  after: () => deps().notifier.flush(),
});

export const handler = middy(verifyBatch).use(injectLambdaContext(logger)).use(logMetrics(metrics, { captureColdStartMetric: true }));
