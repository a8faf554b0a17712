/**
 * The cloud resources of a deployment, created in moto the way the CDK app creates them
 * for real: the table in every region (moto does not replicate a global table, so each
 * region gets its own), each region's checks queue, the home region's rollups queue,
 * the KMS signing key and the SES sender identity; and the environment the CDK app sets
 * on the functions (verifiers are functions, reached through the Lambda stand-in).
 */
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { tableDefinition, timeToLiveSpecification } from '../../../functions/adapters/aws/table-design.ts';
import { ENV } from '../../../functions/lambda/env-names.ts';
import type { MotoServer } from '../../helpers/moto-server.ts';

export interface CloudLayout {
  readonly regions: readonly string[];
  readonly homeRegion: string;
  readonly table: string;
  readonly sender: string;
}

export interface CloudResources extends CloudLayout {
  readonly queueUrls: Readonly<Record<string, string>>;
  readonly rollupQueueUrl: string;
  /** ARN of the signing key. */
  readonly keyId: string;
}

export async function createCloudResources(moto: MotoServer, layout: CloudLayout): Promise<CloudResources> {
  const queueUrls: Record<string, string> = {};
  for (const region of layout.regions) {
    const dynamo = new DynamoDBClient(moto.config(region));
    await dynamo.send(new CreateTableCommand(tableDefinition(layout.table)));
    await dynamo.send(new UpdateTimeToLiveCommand(timeToLiveSpecification(layout.table)));
    const sqs = new SQSClient(moto.config(region));
    queueUrls[region] = (await sqs.send(new CreateQueueCommand({ QueueName: 'crosscheck-checks' }))).QueueUrl!;
  }
  const home = new SQSClient(moto.config(layout.homeRegion));
  const rollupQueueUrl = (await home.send(new CreateQueueCommand({ QueueName: 'crosscheck-rollups', Attributes: { VisibilityTimeout: '300' } }))).QueueUrl!;
  const key = await new KMSClient(moto.config(layout.homeRegion)).send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
  await new SESv2Client(moto.config(layout.homeRegion)).send(new CreateEmailIdentityCommand({ EmailIdentity: layout.sender }));
  return { ...layout, queueUrls, rollupQueueUrl, keyId: key.KeyMetadata!.Arn! };
}

export interface FunctionEnvironmentOptions {
  readonly recorderFunction: string;
  /** Each region's verifier function name. */
  readonly verifierFunction: (region: string) => string;
  readonly alertTo: string;
  /** The wave length the scheduler packs jobs by. */
  readonly checkWaveSeconds: number;
  readonly allowedPrivateRanges: string;
  /** Each region's prober function name, for the http function ("check now"). @default none set */
  readonly proberFunction?: (region: string) => string;
}

/** What the CDK app sets on the functions (every function's variables at once; each reads its own). */
export function functionEnvironment(resources: CloudResources, options: FunctionEnvironmentOptions): Record<string, string> {
  return {
    [ENV.table]: resources.table,
    [ENV.homeRegion]: resources.homeRegion,
    [ENV.regions]: resources.regions.join(','),
    [ENV.queueUrls]: JSON.stringify(resources.queueUrls),
    // Every region's verifier: a function skips its own region (the state machine never asks it).
    [ENV.verifierFunctions]: JSON.stringify(Object.fromEntries(resources.regions.map((r) => [r, options.verifierFunction(r)]))),
    [ENV.rollupQueueUrl]: resources.rollupQueueUrl,
    [ENV.checkWaveSeconds]: String(options.checkWaveSeconds),
    [ENV.kmsKeyId]: resources.keyId,
    [ENV.alertFrom]: resources.sender,
    // No channel is defined in these runs: the channel key is named, never used.
    [ENV.channelKeyId]: `${resources.keyId}-channels`,
    [ENV.alertTo]: options.alertTo,
    [ENV.allowedPrivateRanges]: options.allowedPrivateRanges,
    [ENV.recorderFunction]: options.recorderFunction,
    // The transparency log: its origin, no Ed25519 key (moto has none), no witnesses.
    [ENV.ledgerOrigin]: 'moto.test/ledger',
    [ENV.noteKeyId]: '',
    [ENV.witnesses]: '[]',
    ...(options.proberFunction === undefined
      ? {}
      : { [ENV.proberFunctions]: JSON.stringify(Object.fromEntries(resources.regions.map((r) => [r, options.proberFunction!(r)]))) }),
  };
}
