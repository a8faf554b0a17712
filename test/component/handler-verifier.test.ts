/** The verifier Lambda: verification requests re-checked from this region, over mocked SDK clients. */
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VerifyRequest } from '../../functions/core/jobs.ts';
import { captureOutput, lambdaContext, sqsEvent, sqsRecord, stubEnv, type CapturedOutput } from '../helpers/lambda.ts';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';
import { fail, iso, makeMonitor } from '../helpers/service-fixtures.ts';

const dynamo = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
sqs.onAnyCommand().resolves({});
const ROLLUPS_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/crosscheck-rollups';
mockClient(LambdaClient);
mockClient(SESv2Client);

let target: TestServer;
let handler: (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse>;
let output: CapturedOutput;

beforeAll(async () => {
  target = await startHttpServer((request, res) => {
    res.writeHead(request.url === '/down' ? 503 : 200).end('.');
  });
  stubEnv({
    AWS_REGION: 'us-east-1',
    CROSSCHECK_TABLE: 'crosscheck',
    CROSSCHECK_HOME_REGION: 'eu-west-1',
    CROSSCHECK_REGIONS: 'eu-west-1,us-east-1',
    CROSSCHECK_VERIFY_QUEUE_URLS: JSON.stringify({ 'eu-west-1': 'https://sqs.eu-west-1.amazonaws.com/123456789012/crosscheck-eu-west-1-verify' }),
    CROSSCHECK_ROLLUP_QUEUE_URL: ROLLUPS_URL,
    CROSSCHECK_RECORDER_FUNCTION: 'crosscheck-recorder',
    CROSSCHECK_ALERT_FROM: 'alerts@example.org',
    CROSSCHECK_ALERT_TO: 'ops@example.org',
    CROSSCHECK_ALLOWED_PRIVATE_RANGES: '127.0.0.1/32',
  });
  ({ handler } = (await import('../../functions/verifier/handler.ts')) as unknown as { handler: typeof handler });
});

afterAll(async () => {
  await target.close();
});

beforeEach(() => {
  dynamo.reset();
  dynamo.onAnyCommand().resolves({});
  output = captureOutput();
  return () => output.restore();
});

const request = (id: string, path: string): VerifyRequest => ({
  verificationId: `ver-${id}`,
  monitor: makeMonitor({ id, url: `${target.origin}${path}`, regions: [], alerts: { email: [], webhooks: [] } }),
  fromRegion: 'eu-west-1',
  primary: fail('eu-west-1', Date.now()),
  tried: [],
  requestedAt: iso(Date.now()),
});

describe('verifier handler', () => {
  it('re-checks each request from its own region, reports only the bad message, and counts the answers', async () => {
    const event = sqsEvent(
      sqsRecord('v-up', JSON.stringify(request('mon-up', '/ok')), 'crosscheck-us-east-1-verify'),
      sqsRecord('v-down', JSON.stringify(request('mon-down', '/down')), 'crosscheck-us-east-1-verify'),
      sqsRecord('v-bad', JSON.stringify({ ...request('mon-x', '/ok'), primary: { status: 'broken' } }), 'crosscheck-us-east-1-verify'),
    );

    const response = await handler(event, lambdaContext('crosscheck-verifier'));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'v-bad' }]);
    expect(target.requests.map((r) => r.url).sort()).toEqual(['/down', '/ok']);
    // Results are written to this region's replica; monitor state only ever in the home region's.
    const puts = await Promise.all(
      dynamo.commandCalls(PutItemCommand).map(async (call) => ({
        pk: call.args[0].input.Item!['pk']!.S!,
        region: await (call.thisValue as DynamoDBClient).config.region(),
      })),
    );
    expect(puts.filter((p) => p.pk.startsWith('RESULT#')).map((p) => `${p.pk} ${p.region}`).sort()).toEqual([
      'RESULT#mon-down us-east-1',
      'RESULT#mon-up us-east-1',
    ]);
    const stateReads = await Promise.all(
      dynamo
        .commandCalls(GetItemCommand)
        .filter((call) => call.args[0].input.Key!['pk']!.S!.startsWith('STATE#'))
        .map((call) => (call.thisValue as DynamoDBClient).config.region()),
    );
    expect(stateReads.length).toBeGreaterThan(0);
    expect(new Set(stateReads)).toEqual(new Set(['eu-west-1']));
    expect(output.metrics()).toMatchObject({ VerificationsConfirmed: 1, VerificationsRefuted: 1 });
    // Both verifications counted in this region's hour, sent as one message to the home region's rollups queue.
    const rollupSends = sqs.commandCalls(SendMessageCommand).filter((call) => call.args[0].input.QueueUrl === ROLLUPS_URL);
    expect(rollupSends).toHaveLength(1);
    const { rollups } = JSON.parse(rollupSends[0]!.args[0].input.MessageBody!) as { rollups: { monitorId: string; region: string; checks: number; failures: number }[] };
    expect(rollups.map((r) => [r.monitorId, r.region, r.checks, r.failures]).sort()).toEqual([
      ['mon-down', 'us-east-1', 1, 1],
      ['mon-up', 'us-east-1', 1, 0],
    ]);
    expect(await (rollupSends[0]!.thisValue as SQSClient).config.region()).toBe('eu-west-1');
    expect(output.logs('bad verification request message').map((line) => line['messageId'])).toEqual(['v-bad']);
  });
});
