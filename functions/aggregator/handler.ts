/**
 * The aggregator (home region): on a schedule, applies the rollups queue to the table.
 * Checkers and verifiers send one message of merged rollup deltas per invocation; this
 * merges everything queued since the last run and writes each monitor's hour once, every
 * region of it together (`UpdateItem ADD`), instead of one replicated write per check.
 * Stats therefore lag by up to one schedule interval; state, incidents and alerts never
 * wait for it.
 *
 * Run on a schedule rather than by an SQS event source: an event source mapping polls
 * its queue all the time (billed even when idle) and batches for five minutes at most,
 * while a scheduled run reads only when there is something to apply and lets the
 * interval (and so the number of writes per hour) be chosen.
 */
import { dynamoDbClient } from '../adapters/aws/clients.ts';
import { createDynamoRollupWriter } from '../adapters/aws/dynamodb/rollups.ts';
import { createSqsRollupReader } from '../adapters/aws/sqs/rollup-queue.ts';
import { CrossCheckError } from '../core/errors.ts';
import { parseMessage } from '../core/messages.ts';
import { ROLLUP_QUEUE_ENV, rollupQueue, TABLE_ENV } from '../lambda/config.ts';
import { lambdaHandler } from '../lambda/lambda-handler.ts';
import { errorFields } from '../lambda/observability.ts';
import { ScheduledEventSchema } from '../lambda/scheduled-event.ts';
import { drainRollups, type DrainReport } from '../services/drain-rollups.ts';

/** Stop reading this long before the invocation's end, to leave time for the writes. */
const WRITE_RESERVE_MS = 20_000;

export const handler = lambdaHandler({
  env: { ...TABLE_ENV, ...ROLLUP_QUEUE_ENV },
  deps: (config) => ({
    writer: createDynamoRollupWriter({ client: dynamoDbClient(config.homeRegion), tableName: config.tableName }),
    reader: createSqsRollupReader(rollupQueue(config)),
  }),
  async handle(event: unknown, context, { writer, reader, logger }): Promise<Omit<DrainReport, 'error'>> {
    const { time } = parseMessage(ScheduledEventSchema, event, 'event');
    const { error, ...report } = await drainRollups({
      writer,
      reader,
      timeUp: () => context.getRemainingTimeInMillis() < WRITE_RESERVE_MS,
      onInvalid: (message, cause) => logger.error('bad rollups message', { messageId: message.id, receiveCount: message.receiveCount, ...errorFields(cause) }),
    });
    logger.info('rollups applied', { tick: time, ...report });
    // Failed writes leave their messages for the next run; failing the invocation makes the errors alarm say so.
    if (report.failed > 0) throw new CrossCheckError(`${report.failed} of ${report.written + report.failed} rollups could not be written`, { cause: error });
    return report;
  },
  // Its report goes to the log: no custom metric (each costs money every month it is published).
  metrics: false,
});
