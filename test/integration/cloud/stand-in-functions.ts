/**
 * The cloud functions composed the way their handlers compose them: the services over
 * the AWS adapters, the SDK clients from the adapters' per-container cache, the
 * configuration from the same environment variables. Used by the cloud end-to-end
 * where a handler cannot be loaded for a given region (each Lambda runs in one region;
 * this process plays several).
 */
import { randomUUID } from 'node:crypto';
import {
  createAwsStores,
  createKmsSigner,
  createLambdaLedgerWriter,
  createSesNotifier,
  createSqsJobQueue,
  createSqsVerifyQueue,
  failureReply,
  type RecorderReply,
  type RecorderRequest,
} from '../../../functions/adapters/aws/index.ts';
import type { CheckJob, VerifyRequest } from '../../../functions/core/jobs.ts';
import { CLOUD_POLICY, runCheck } from '../../../functions/probe/index.ts';
import { createLedgerWriter, handleCheckJob, handleVerifyRequest, scheduleDueChecks, type ServiceDeps } from '../../../functions/services/index.ts';
import type { BatchResponse, SqsEvent } from './sqs-poller.ts';

export interface CloudConfig {
  readonly table: string;
  readonly homeRegion: string;
  readonly regions: readonly string[];
  readonly queueUrls: Readonly<Record<string, string>>;
  readonly verifyQueueUrls: Readonly<Record<string, string>>;
  readonly kmsKeyId: string;
  readonly alertFrom: string;
  readonly alertTo: readonly string[];
  readonly allowedPrivateRanges: readonly string[];
  readonly recorderFunction: string;
}

const clock = { now: () => Date.now() };
const ids = { next: () => randomUUID() };

/** The services' dependencies in `region`, as the checker and the verifier there have them. */
export function regionDeps(config: CloudConfig, region: string): ServiceDeps {
  return {
    ...createAwsStores({ tableName: config.table, region, homeRegion: config.homeRegion }),
    ledger: createLambdaLedgerWriter({ functionName: config.recorderFunction, region: config.homeRegion }),
    jobs: createSqsJobQueue({ queueUrls: config.queueUrls }),
    verify: createSqsVerifyQueue({ queueUrls: config.verifyQueueUrls }),
    notifier: createSesNotifier({ from: config.alertFrom, defaultTo: config.alertTo, region: config.homeRegion }),
    prober: {
      check: (definition, probeRegion) =>
        runCheck(definition, { region: probeRegion, policy: { ...CLOUD_POLICY, allowedRanges: config.allowedPrivateRanges } }),
    },
    clock,
    ids,
    regions: config.regions,
  };
}

/** Each record on its own, all at once; the ones that threw are reported back (ReportBatchItemFailures). */
async function eachRecord(event: SqsEvent, handle: (body: unknown) => Promise<unknown>): Promise<BatchResponse> {
  const outcomes = await Promise.allSettled(event.Records.map((record) => handle(JSON.parse(record.body))));
  return {
    batchItemFailures: event.Records.flatMap((record, i) => (outcomes[i]!.status === 'rejected' ? [{ itemIdentifier: record.messageId }] : [])),
  };
}

export function standInFunctions(config: CloudConfig) {
  const deps = new Map(config.regions.map((region) => [region, regionDeps(config, region)]));
  const depsOf = (region: string) => deps.get(region)!;
  const home = depsOf(config.homeRegion);
  const recorderWriter = createLedgerWriter({
    ledger: createAwsStores({ tableName: config.table, region: config.homeRegion, homeRegion: config.homeRegion }).ledger,
    signer: createKmsSigner({ keyId: config.kmsKeyId, region: config.homeRegion }),
    clock,
  });

  return {
    scheduler: async (event: { time: string }) => scheduleDueChecks(home, Date.parse(event.time)),
    checker: (region: string) => (event: SqsEvent) => eachRecord(event, (job) => handleCheckJob(depsOf(region), job as CheckJob)),
    verifier: (region: string) => (event: SqsEvent) => eachRecord(event, (request) => handleVerifyRequest(depsOf(region), request as VerifyRequest, region)),
    recorder: async (payload: unknown): Promise<RecorderReply> => {
      try {
        return { record: await recorderWriter.append((payload as RecorderRequest).append) };
      } catch (error) {
        return failureReply(error);
      }
    },
  };
}
