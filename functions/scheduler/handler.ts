/**
 * The scheduler: EventBridge's once-a-minute event in, the minute's check jobs out to
 * every region's checks queue (delays spread them across the minute; jobs of one wave
 * travel in one message, see core/waves.ts).
 */
import { createSqsJobQueue } from '../adapters/aws/index.ts';
import { ConfigError } from '../core/errors.ts';
import { parseMessage } from '../core/messages.ts';
import { REGIONS_ENV, TABLE_ENV, tableStores } from '../lambda/config.ts';
import { ENV } from '../lambda/env-names.ts';
import { env } from '../lambda/env.ts';
import { lambdaHandler } from '../lambda/lambda-handler.ts';
import { MetricUnit } from '../lambda/observability.ts';
import { ScheduledEventSchema } from '../lambda/scheduled-event.ts';
import { scheduleDueChecks } from '../services/schedule-checks.ts';

export const handler = lambdaHandler({
  env: { ...TABLE_ENV, ...REGIONS_ENV, queueUrls: [ENV.queueUrls, env.urlsByRegion], waveSeconds: [ENV.checkWaveSeconds, env.minuteDivisor] },
  deps(config) {
    const missing = config.regions.filter((region) => !Object.hasOwn(config.queueUrls, region));
    if (missing.length > 0) throw new ConfigError(`invalid function environment: ${ENV.queueUrls}: no queue for ${missing.join(', ')}`);
    return {
      monitors: tableStores(config).monitors,
      jobs: createSqsJobQueue({ queueUrls: config.queueUrls, maxWaveSeconds: config.waveSeconds }),
      regions: config.regions,
    };
  },
  async handle(event: unknown, _context, deps): Promise<{ jobs: number }> {
    const { time } = parseMessage(ScheduledEventSchema, event, 'event');
    // Planned from the clock, not the event's time: a late tick still spreads its jobs over what is left of the minute.
    const { jobs } = await scheduleDueChecks(deps, Date.now());
    deps.metrics.addMetric('JobsScheduled', MetricUnit.Count, jobs);
    deps.logger.info('scheduled', { tick: time, jobs });
    return { jobs };
  },
});
