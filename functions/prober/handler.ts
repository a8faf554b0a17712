/**
 * The prober: one check of a monitor definition from this region, on request (the API's
 * "check now"). No table, no queues: it only probes, under the cloud's address policy,
 * and answers the result.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { CheckResult } from '../core/check-result.ts';
import { ProbeRequestSchema, parseMessage } from '../core/messages.ts';
import { ENV } from '../lambda/env-names.ts';
import { env, readEnv } from '../lambda/env.ts';
import { lazy } from '../lambda/lazy.ts';
import { MetricUnit, observability } from '../lambda/observability.ts';
import { engineCheckRunner } from '../adapters/common/engine-check-runner.ts';
import { cloudProbePolicy } from '../lambda/probe-policy.ts';

const { logger, metrics } = observability();
const config = lazy(() => readEnv({ region: ['AWS_REGION', env.region], allowedPrivateRanges: [ENV.allowedPrivateRanges, env.cidrs] }, process.env));
const checkRunner = lazy(() => engineCheckRunner(cloudProbePolicy(config().allowedPrivateRanges)));

async function probeOnce(event: unknown): Promise<CheckResult> {
  const { monitor } = parseMessage(ProbeRequestSchema, event, 'probe_request');
  const result = await checkRunner().run(monitor, config().region);
  metrics.addMetric('ManualChecksRun', MetricUnit.Count, 1);
  logger.info('check now', { success: result.success, cause: result.cause, status: result.status });
  return result;
}

export const handler = middy(probeOnce).use(injectLambdaContext(logger)).use(logMetrics(metrics));
