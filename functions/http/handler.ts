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
import { createLambdaCheckRunner } from '../adapters/aws/index.ts';
import { createDirectoryAssetSource } from '../adapters/common/assets.ts';
import { apiDepsOf } from '../api/deps-of.ts';
import { createApi, iamAuth, type ApiGatewayV2Event, type ApiGatewayV2Result } from '../api/index.ts';
import { monitorLifecycle } from '../services/monitor-lifecycle.ts';
import {
  ALERTS_ENV,
  alertNotifier,
  channelSender,
  sealedChannels,
  kmsSigner,
  RECORDER_ENV,
  recorderLedgerWriter,
  REGIONS_ENV,
  SIGNER_ENV,
  TABLE_ENV,
  tableStores,
  VERIFIERS_ENV,
  verifyQueue,
} from '../lambda/config.ts';
import { ENV } from '../lambda/env-names.ts';
import { env } from '../lambda/env.ts';
import { lambdaHandler } from '../lambda/lambda-handler.ts';
import { LOG_ENV, noteKeysOf } from '../lambda/log-config.ts';
import { createLambdaStatementSigner } from '../adapters/aws/lambda/statement-protocol.ts';

/** Where the CDK app copies functions/dashboard/static: next to index.mjs. */
const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

export const handler = lambdaHandler({
  env: { ...TABLE_ENV, ...REGIONS_ENV, ...SIGNER_ENV, ...LOG_ENV, ...RECORDER_ENV, ...VERIFIERS_ENV, ...ALERTS_ENV, proberFunctions: [ENV.proberFunctions, env.namesByRegion] },
  deps: (config, observability) => {
    const table = tableStores(config);
    const stores = { ...table, channels: sealedChannels(table, config) };
    const ledgerWriter = recorderLedgerWriter(config);
    const notifier = alertNotifier(config, observability, table);
    const clock = { now: () => Date.now() };
    const regions = config.regions;
    // Pausing or deleting a monitor is a transition of its state, like a check's: it may
    // settle effects another function left pending (a verification request, an alert).
    const signer = kmsSigner(config);
    const lifecycle = monitorLifecycle({ ...stores, ledgerWriter, verify: verifyQueue(config), notifier, clock, regions });
    const api = createApi(
      apiDepsOf(stores, {
        ledgerWriter,
        lifecycle,
        checkRunner: createLambdaCheckRunner({ functionNames: config.proberFunctions }),
        channelSender: channelSender(config),
        signer,
        // Only the recorder signs: statements go to it, as entries do.
        statementSigner: createLambdaStatementSigner({ functionName: config.recorderFunction, region: config.homeRegion }),
        noteKeys: noteKeysOf(config, signer),
        clock,
        ids: { next: () => randomUUID() },
        regions,
        authorize: iamAuth(),
        assets: createDirectoryAssetSource(STATIC_DIR),
        logger: { error: (message, fields) => observability.logger.error(message, { ...fields }) },
      }),
    );
    return { api, notifier };
  },
  async handle(event: ApiGatewayV2Event, _context, { api, notifier }): Promise<ApiGatewayV2Result> {
    try {
      return await api(event);
    } finally {
      await notifier.flush(); // webhook deliveries of an alert a settled transition sent
    }
  },
  metrics: { coldStart: false },
});
