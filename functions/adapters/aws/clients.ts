/**
 * SDK clients, created once per container (module scope survives between Lambda
 * invocations) and per region: one client package per service, commands imported
 * individually where they are used, so that bundles stay small.
 *
 * Configuration comes from the SDK's own sources: credentials from the standard chain
 * (in Lambda, the execution role's environment variables), and endpoints may be
 * overridden with the SDK's `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`
 * variables (the integration tests point them at moto). No test switch lives here.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * Connect quickly or not at all (an unreachable region must not eat the Lambda's
 * timeout); the SDK's standard retries (3 attempts with backoff) stay on.
 */
const HTTP_OPTIONS = { connectionTimeout: 3_000, requestTimeout: 10_000 };

const cache = new Map<string, unknown>();

function once<T>(key: string, make: () => T): T {
  let client = cache.get(key) as T | undefined;
  if (client === undefined) {
    client = make();
    cache.set(key, client);
  }
  return client;
}

export function dynamoDbClient(region: string): DynamoDBClient {
  return once(`dynamodb:${region}`, () => new DynamoDBClient({ region, requestHandler: HTTP_OPTIONS }));
}

export function sqsClient(region: string): SQSClient {
  return once(`sqs:${region}`, () => new SQSClient({ region, requestHandler: HTTP_OPTIONS }));
}

export function kmsClient(region: string): KMSClient {
  return once(`kms:${region}`, () => new KMSClient({ region, requestHandler: HTTP_OPTIONS }));
}

export function sesClient(region: string): SESv2Client {
  return once(`sesv2:${region}`, () => new SESv2Client({ region, requestHandler: HTTP_OPTIONS }));
}

export function lambdaClient(region: string): LambdaClient {
  // The recorder signs with KMS and writes DynamoDB: give it longer than a plain request.
  return once(`lambda:${region}`, () => new LambdaClient({ region, requestHandler: { ...HTTP_OPTIONS, requestTimeout: 30_000 } }));
}
