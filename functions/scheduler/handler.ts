/**
 * The scheduler: EventBridge's once-a-minute event in, the minute's check jobs out to
 * every region's checks queue (delays spread them across the minute; jobs of one wave
 * travel in one message, see core/waves.ts).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createAwsStores, createSqsJobQueue } from '../adapters/aws/index.ts';
import { ConfigError } from '../core/errors.ts';
import { parseMessage } from '../core/messages.ts';
import { ENV } from '../lambda/env-names.ts';
import { env, readEnv } from '../lambda/env.ts';
import { lazy } from '../lambda/lazy.ts';
import { MetricUnit, observability } from '../lambda/observability.ts';
import { ScheduledEventSchema } from '../lambda/scheduled-event.ts';
import { scheduleDueChecks } from '../services/schedule-checks.ts';

const { logger, metrics } = observability();
const deps = lazy(() => {
  const config = readEnv(
    {
      tableName: [ENV.table, env.text],
      homeRegion: [ENV.homeRegion, env.region],
      regions: [ENV.regions, env.regions],
      queueUrls: [ENV.queueUrls, env.urlsByRegion],
      waveSeconds: [ENV.checkWaveSeconds, env.minuteDivisor],
    },
    process.env,
  );
  const missing = config.regions.filter((region) => !Object.hasOwn(config.queueUrls, region));
  if (missing.length > 0) throw new ConfigError(`invalid function environment: ${ENV.queueUrls}: no queue for ${missing.join(', ')}`);
  const { monitors } = createAwsStores({ tableName: config.tableName, region: config.homeRegion, homeRegion: config.homeRegion });
  return { monitors, jobs: createSqsJobQueue({ queueUrls: config.queueUrls, maxWaveSeconds: config.waveSeconds }), regions: config.regions };
});

async function tick(event: unknown): Promise<{ jobs: number }> {
  const { time } = parseMessage(ScheduledEventSchema, event, 'event');
  // Planned from the clock, not the event's time: a late tick still spreads its jobs over what is left of the minute.
  const { jobs } = await scheduleDueChecks(deps(), Date.now());
  metrics.addMetric('JobsScheduled', MetricUnit.Count, jobs);
  logger.info('scheduled', { tick: time, jobs });
  return { jobs };
}

export const handler = middy(tick).use(injectLambdaContext(logger)).use(logMetrics(metrics, { captureColdStartMetric: true }));
