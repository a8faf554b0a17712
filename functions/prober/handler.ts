/**
 * The prober: one check of a monitor definition from this region, on request (the API's
 * "check now"). No table, no queues: it only probes, under the cloud's address policy,
 * and answers the result.
 */
import { engineCheckRunner } from '../adapters/common/engine-check-runner.ts';
import type { CheckResult } from '../core/check-result.ts';
import { ProbeRequestSchema, parseMessage } from '../core/messages.ts';
import { PROBE_POLICY_ENV, probePolicy, REGION_ENV } from '../lambda/config.ts';
import { lambdaHandler } from '../lambda/lambda-handler.ts';
import { MetricUnit } from '../lambda/observability.ts';

export const handler = lambdaHandler({
  env: { ...REGION_ENV, ...PROBE_POLICY_ENV },
  deps: (config) => ({ checkRunner: engineCheckRunner(probePolicy(config)), region: config.region }),
  async handle(event: unknown, _context, { checkRunner, region, logger, metrics }): Promise<CheckResult> {
    const { monitor } = parseMessage(ProbeRequestSchema, event, 'probe_request');
    const result = await checkRunner.run(monitor, region);
    metrics.addMetric('ManualChecksRun', MetricUnit.Count, 1);
    logger.info('check now', { success: result.success, cause: result.cause, status: result.status });
    return result;
  },
  metrics: { coldStart: false },
});
