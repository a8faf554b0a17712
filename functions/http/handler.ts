/**
 * The HTTP API function: API Gateway (HTTP API, payload 2.0) in front of the same API
 * handler the local runtime serves, plugged into the AWS adapters. API Gateway has
 * already checked the SigV4 signature on the management routes; the handler also
 * requires the IAM context there (`iamAuth`). Requests are validated by the route
 * schemas of the API handler (params, query, body).
 *
 * "Check now" invokes each region's prober function, so each result is from its region.
 * The dashboard's files are shipped beside the bundle, in `static/`.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createDirectoryAssetSource } from '../adapters/common/assets.ts';
import { createAwsStores, createKmsSigner, createLambdaLedgerWriter } from '../adapters/aws/index.ts';
import { createApi, iamAuth, type ApiGatewayV2Event, type ApiGatewayV2Result } from '../api/index.ts';
import { ENV } from '../lambda/env-names.ts';
import { env, readEnv } from '../lambda/env.ts';
import { createLambdaCheckRunner } from '../adapters/aws/lambda/check-runner.ts';
import { lazy } from '../lambda/lazy.ts';
import { observability } from '../lambda/observability.ts';
import { runCheckNow } from '../services/check-now.ts';

/** Where the CDK app copies functions/dashboard/static: next to index.mjs. */
const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

const { logger, metrics } = observability();
const api = lazy(() => {
  const config = readEnv(
    {
      tableName: [ENV.table, env.text],
      homeRegion: [ENV.homeRegion, env.region],
      regions: [ENV.regions, env.regions],
      keyId: [ENV.kmsKeyId, env.text],
      recorderFunction: [ENV.recorderFunction, env.text],
      proberFunctions: [ENV.proberFunctions, env.namesByRegion],
    },
    process.env,
  );
  const stores = createAwsStores({ tableName: config.tableName, region: config.homeRegion, homeRegion: config.homeRegion });
  const ids = { next: () => randomUUID() };
  const checkRunner = createLambdaCheckRunner({ functionNames: config.proberFunctions });
  return createApi({
    monitors: stores.monitors,
    results: stores.results,
    states: stores.states,
    incidents: stores.incidents,
    ledger: stores.ledger,
    ledgerWriter: createLambdaLedgerWriter({ functionName: config.recorderFunction, region: config.homeRegion }),
    runCheckNow: (monitor) => runCheckNow({ checkRunner, results: stores.results, ids, regions: config.regions }, monitor),
    signer: createKmsSigner({ keyId: config.keyId, region: config.homeRegion }),
    clock: { now: () => Date.now() },
    ids,
    regions: config.regions,
    authorize: iamAuth(),
    assets: createDirectoryAssetSource(STATIC_DIR),
    logger: { error: (message, fields) => logger.error(message, { ...fields }) },
  });
});

const serve = (event: ApiGatewayV2Event): Promise<ApiGatewayV2Result> => api()(event);

export const handler = middy(serve).use(injectLambdaContext(logger)).use(logMetrics(metrics));
