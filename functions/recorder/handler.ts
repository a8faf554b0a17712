/**
 * The recorder: the one function that signs (kms:Sign) and appends to the ledger. Every
 * other function asks it with a synchronous invoke, `{append}` -> `{record}`. A refusal
 * the caller should know by name (conflict, bad input, signer trouble: any CrossCheck
 * error) is answered as `{error: {name, message}}`; anything else is a crash.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createAwsStores, createKmsSigner, failureReply, RecorderRequestSchema, type RecorderReply } from '../adapters/aws/index.ts';
import { CrossCheckError } from '../core/errors.ts';
import { parseMessage } from '../core/messages.ts';
import { ENV } from '../lambda/env-names.ts';
import { env, readEnv } from '../lambda/env.ts';
import { lazy } from '../lambda/lazy.ts';
import { errorFields, MetricUnit, observability } from '../lambda/observability.ts';
import { createLedgerWriter } from '../services/ledger.ts';


const { logger, metrics } = observability();
const writer = lazy(() => {
  const config = readEnv({ tableName: [ENV.table, env.text], homeRegion: [ENV.homeRegion, env.region], keyId: [ENV.kmsKeyId, env.text] }, process.env);
  const { ledger } = createAwsStores({ tableName: config.tableName, region: config.homeRegion, homeRegion: config.homeRegion });
  const signer = createKmsSigner({ keyId: config.keyId, region: config.homeRegion });
  return createLedgerWriter({ ledger, signer, clock: { now: () => Date.now() } });
});

async function record(event: unknown): Promise<RecorderReply> {
  try {
    const { append } = parseMessage(RecorderRequestSchema, event, 'request');
    const entry = await writer().append(append);
    metrics.addMetric('LedgerEntriesAppended', MetricUnit.Count, 1);
    logger.info('ledger entry', { seq: entry.seq, type: entry.type, key: entry.key });
    return { record: entry };
  } catch (error) {
    if (!(error instanceof CrossCheckError)) throw error;
    metrics.addMetric('LedgerAppendsRefused', MetricUnit.Count, 1);
    logger.warn('ledger append refused', errorFields(error));
    return failureReply(error);
  }
}

export const handler = middy(record).use(injectLambdaContext(logger)).use(logMetrics(metrics, { captureColdStartMetric: true }));
