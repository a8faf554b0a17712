/**
 * The environment fragments the functions share, each with what it builds: a handler
 * spreads the fragments it needs into its `env` (see lambda-handler.ts) and passes its
 * configuration to the builders. The variable names are in env-names.ts (the CDK app
 * sets them), the field types in env.ts.
 */
import { createLambdaLedgerWriter } from '../adapters/aws/lambda/ledger-writer.ts';
import { createLambdaVerifyQueue } from '../adapters/aws/lambda/verify-invoker.ts';
import { createSesNotifier } from '../adapters/aws/ses-notifier.ts';
import { createSesMailTransport } from '../adapters/aws/ses-mail-transport.ts';
import { createChannelNotifier } from '../adapters/common/channels/channel-notifier.ts';
import { createChannelSender } from '../adapters/common/channels/channel-sender.ts';
import type { ChannelSender } from '../ports/channel-sender.ts';
import type { ChannelStore } from '../ports/channel-store.ts';
import { sealedChannelStore } from '../adapters/common/stores/sealed-channel-store.ts';
import { createKmsSecretCipher } from '../adapters/aws/kms/secret-cipher.ts';
import { combineNotifiers } from '../adapters/common/notifiers/combine.ts';
import { createWebhookNotifier, type FlushableNotifier } from '../adapters/common/notifiers/webhook.ts';
import type { VerifyQueue } from '../ports/queues.ts';
import { createKmsSigner } from '../adapters/aws/kms/signer.ts';
import type { SqsRollupQueueOptions } from '../adapters/aws/sqs/rollup-queue.ts';
import { createAwsStores, type AwsStores } from '../adapters/aws/stores.ts';
import { assertValidAddressPolicy, CLOUD_POLICY, type AddressPolicy } from '../engine/address-policy.ts';
import type { LedgerWriter } from '../ports/ledger-writer.ts';
import type { Signer } from '../ports/signer.ts';
import { ENV } from './env-names.ts';
import { env, type EnvValues } from './env.ts';
import { notifierLogger, type Observability } from './observability.ts';

const homeRegion = [ENV.homeRegion, env.region] as const;

/** This container's region, as Lambda sets it: where a probe function checks from and writes its results. */
export const REGION_ENV = { region: ['AWS_REGION', env.region] } as const;

/** The probe regions, in order. */
export const REGIONS_ENV = { regions: [ENV.regions, env.regions] } as const;

/** The table, and the home region where monitors, state, incidents, the alert log and the ledger are. */
export const TABLE_ENV = { tableName: [ENV.table, env.text], homeRegion } as const;

/** Every store over the table: home data in the home region, results in `resultsRegion` (the container's own, for probe functions). */
export function tableStores(config: EnvValues<typeof TABLE_ENV>, resultsRegion = config.homeRegion): AwsStores {
  return createAwsStores({ tableName: config.tableName, region: resultsRegion, homeRegion: config.homeRegion });
}

/** The recorder function (home region), the only ledger writer. */
export const RECORDER_ENV = { recorderFunction: [ENV.recorderFunction, env.text], homeRegion } as const;

export function recorderLedgerWriter(config: EnvValues<typeof RECORDER_ENV>): LedgerWriter {
  return createLambdaLedgerWriter({ functionName: config.recorderFunction, region: config.homeRegion });
}

/** The home region's signing key. */
export const SIGNER_ENV = { keyId: [ENV.kmsKeyId, env.text], homeRegion } as const;

export function kmsSigner(config: EnvValues<typeof SIGNER_ENV>): Signer {
  return createKmsSigner({ keyId: config.keyId, region: config.homeRegion });
}

/** The home region's rollups queue: probe functions send to it, the aggregator reads it. */
export const ROLLUP_QUEUE_ENV = { rollupQueueUrl: [ENV.rollupQueueUrl, env.url], homeRegion } as const;

export function rollupQueue(config: EnvValues<typeof ROLLUP_QUEUE_ENV>): SqsRollupQueueOptions {
  return { queueUrl: config.rollupQueueUrl, region: config.homeRegion };
}

/** The private ranges checks may reach (the address policy of checks and webhooks). */
export const PROBE_POLICY_ENV = { allowedPrivateRanges: [ENV.allowedPrivateRanges, env.cidrs] } as const;

/** The cloud's probe policy: nothing private (CLOUD_POLICY), except the configured ranges. */
export function probePolicy(config: EnvValues<typeof PROBE_POLICY_ENV>): AddressPolicy {
  const policy: AddressPolicy = { ...CLOUD_POLICY, allowedRanges: [...config.allowedPrivateRanges] };
  assertValidAddressPolicy(policy);
  return policy;
}

/** The other regions' verifier functions, invoked asynchronously with a verification request. */
export const VERIFIERS_ENV = { verifierFunctions: [ENV.verifierFunctions, env.namesByRegion] } as const;

export function verifyQueue(config: EnvValues<typeof VERIFIERS_ENV>): VerifyQueue {
  return createLambdaVerifyQueue({ functionNames: config.verifierFunctions });
}

/** Alerts: e-mail through SES in the home region, and webhooks under the probe policy. */
export const ALERTS_ENV = { alertFrom: [ENV.alertFrom, env.mailbox], alertTo: [ENV.alertTo, env.emails], channelKeyId: [ENV.channelKeyId, env.text], homeRegion, ...PROBE_POLICY_ENV } as const;

/** The channels with their secrets sealed by the home region's channel key (KMS). */
export function sealedChannels(stores: Pick<AwsStores, 'channels'>, config: EnvValues<typeof ALERTS_ENV>): ChannelStore {
  return sealedChannelStore(stores.channels, createKmsSecretCipher({ keyId: config.channelKeyId, region: config.homeRegion }));
}

/** The channel sender of the cloud: HTTP channels under the probe policy, e-mail channels over SES. */
export function channelSender(config: EnvValues<typeof ALERTS_ENV>): ChannelSender {
  return createChannelSender({ policy: probePolicy(config), mail: createSesMailTransport({ from: config.alertFrom, region: config.homeRegion }) });
}

export function alertNotifier(
  config: EnvValues<typeof ALERTS_ENV>,
  { logger }: Pick<Observability, 'logger'>,
  stores: Pick<AwsStores, 'channels' | 'deliveries' | 'ledger' | 'monitors'>,
): FlushableNotifier {
  const clock = { now: () => Date.now() };
  return combineNotifiers(
    createSesNotifier({ from: config.alertFrom, defaultTo: config.alertTo, region: config.homeRegion }),
    createWebhookNotifier({ policy: probePolicy(config), logger: notifierLogger(logger) }),
    createChannelNotifier({ ...stores, channels: sealedChannels(stores, config), sender: channelSender(config), clock, logger: notifierLogger(logger), publicUrl: () => null }),
  );
}
