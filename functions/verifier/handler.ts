/**
 * The verifier: a verification request from another region, delivered by Lambda's
 * asynchronous invocation, re-checked at once from this region's own network path.
 * Confirmed opens the incident (home region, exactly once); refuted records a regional
 * anomaly. A request that fails is thrown back: Lambda retries it (twice) and then sends
 * it to the function's failure destination, whose alarm says so. The request's rollup
 * delta goes to the rollups queue before the invocation ends.
 */
import { parseMessage, VerifyRequestSchema } from '../core/messages.ts';
import { CONSUMER_ENV, consumerDeps } from '../lambda/consumer-deps.ts';
import { lambdaHandler } from '../lambda/lambda-handler.ts';
import { errorFields, MetricUnit } from '../lambda/observability.ts';
import { handleVerifyRequest, type VerifyOutcome } from '../services/verify-request.ts';

export const handler = lambdaHandler({
  env: CONSUMER_ENV,
  deps: (config, obs) => ({ services: consumerDeps(config, obs), region: config.region }),
  async handle(event: unknown, _context, { services, region, logger, metrics }): Promise<{ readonly outcome: VerifyOutcome['outcome']; readonly applied: boolean }> {
    let request;
    try {
      request = parseMessage(VerifyRequestSchema, event, 'verification_request');
    } catch (error) {
      logger.error('bad verification request', errorFields(error));
      throw error;
    }
    try {
      const outcome = await handleVerifyRequest(services, request, region);
      // Its rollup delta, as one message to the rollups queue.
      await services.results.flush();
      // No outcome: the monitor was paused or deleted before this verification started, and nothing was checked.
      if (outcome.outcome !== null) metrics.addMetric(outcome.outcome === 'confirmed' ? 'VerificationsConfirmed' : 'VerificationsRefuted', MetricUnit.Count, 1);
      if (outcome.applied) metrics.addMetric(outcome.outcome === 'confirmed' ? 'IncidentsOpened' : 'AnomaliesRecorded', MetricUnit.Count, 1);
      logger.info('verification', {
        monitorId: request.monitor.id,
        verificationId: request.verificationId,
        fromRegion: request.fromRegion,
        outcome: outcome.outcome,
        applied: outcome.applied,
        status: outcome.state.status,
      });
      return { outcome: outcome.outcome, applied: outcome.applied };
    } catch (error) {
      logger.error('verification failed', { monitorId: request.monitor.id, verificationId: request.verificationId, ...errorFields(error) });
      throw error;
    } finally {
      await services.notifier.flush();
    }
  },
});
