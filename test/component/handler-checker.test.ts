/**
 * The checker Lambda as deployed: its environment, middy and Powertools, the AWS
 * adapters over mocked SDK clients, and real checks against loopback targets (allowed
 * through CROSSCHECK_ALLOWED_PRIVATE_RANGES, as a user would for an internal service).
 */
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CheckJob } from '../../functions/core/jobs.ts';
import { captureOutput, lambdaContext, sqsEvent, sqsRecord, stubEnv, type CapturedOutput } from '../helpers/lambda.ts';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';
import { iso, makeMonitor } from '../helpers/service-fixtures.ts';

const VERIFY_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/crosscheck-us-east-1-verify';
const dynamo = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
mockClient(LambdaClient);
mockClient(SESv2Client);

let target: TestServer;
let handler: (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse>;
let output: CapturedOutput;

beforeAll(async () => {
  // `/pair/...` requests are held until two of them are in flight: checks run one after
  // another would time out there instead of meeting.
  const held: (() => void)[] = [];
  target = await startHttpServer((request, res) => {
    const answer = () => res.writeHead(request.url.endsWith('/down') ? 503 : 200, { 'content-type': 'text/plain' }).end('.');
    if (!request.url.startsWith('/pair/')) return answer();
    held.push(answer);
    if (held.length === 2) held.splice(0).forEach((release) => release());
  });
  stubEnv({
    CROSSCHECK_TABLE: 'crosscheck',
    CROSSCHECK_HOME_REGION: 'eu-west-1',
    CROSSCHECK_REGIONS: 'eu-west-1,us-east-1',
    CROSSCHECK_VERIFY_QUEUE_URLS: JSON.stringify({ 'us-east-1': VERIFY_URL }),
    CROSSCHECK_RECORDER_FUNCTION: 'crosscheck-recorder',
    CROSSCHECK_ALERT_FROM: 'alerts@example.org',
    CROSSCHECK_ALERT_TO: 'ops@example.org',
    CROSSCHECK_ALLOWED_PRIVATE_RANGES: '127.0.0.1/32',
  });
  ({ handler } = (await import('../../functions/checker/handler.ts')) as unknown as { handler: typeof handler });
});

afterAll(async () => {
  await target.close();
});

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  dynamo.onAnyCommand().resolves({});
  sqs.onAnyCommand().resolves({});
  output = captureOutput();
  return () => output.restore();
});

const job = (id: string, path: string, overrides: Partial<CheckJob> = {}): CheckJob => ({
  jobId: `job-${id}`,
  monitor: makeMonitor({ id, name: id, url: `${target.origin}${path}`, timeoutMs: 3_000, regions: [], alerts: { email: [], webhooks: [] } }),
  region: 'eu-west-1',
  scheduledFor: iso(Date.now()),
  ...overrides,
});

describe('checker handler', () => {
  it('reports exactly the bad messages as batch item failures and processes the others', async () => {
    const event = sqsEvent(
      sqsRecord('m-ok', JSON.stringify(job('mon-ok', '/ok'))),
      sqsRecord('m-not-json', '{"jobId":'),
      sqsRecord('m-no-monitor', JSON.stringify({ ...job('mon-x', '/ok'), monitor: undefined })),
      sqsRecord('m-wrong-region', JSON.stringify(job('mon-elsewhere', '/ok', { region: 'us-east-1' }))),
    );

    const response = await handler(event, lambdaContext());

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-no-monitor', 'm-not-json', 'm-wrong-region']);
    // The good job was checked (one request to the target) and its result stored.
    expect(target.requests.filter((r) => r.url === '/ok')).toHaveLength(1);
    expect(dynamo).toReceiveCommandWith(PutItemCommand, { TableName: 'crosscheck', Item: expect.objectContaining({ pk: { S: 'RESULT#mon-ok' } }) });
    // Each bad message is logged with its id and why, and nothing of its body.
    const bad = output.logs('bad check job message').map((line) => line['messageId']);
    expect(bad.sort()).toEqual(['m-no-monitor', 'm-not-json']);
    expect(output.logs('check job failed').map((line) => line['messageId'])).toEqual(['m-wrong-region']);
    expect(JSON.stringify(output.lines)).not.toContain(target.origin);
    expect(output.metrics()).toMatchObject({ ChecksRun: 1 });
  });

  it('runs the batch concurrently and asks another region to verify a failure', async () => {
    target.requests.length = 0;
    const event = sqsEvent(sqsRecord('m-down', JSON.stringify(job('mon-down', '/pair/down'))), sqsRecord('m-up', JSON.stringify(job('mon-up', '/pair/up'))));

    const response = await handler(event, lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(target.requests.map((r) => r.url).sort()).toEqual(['/pair/down', '/pair/up']);
    expect(sqs).toReceiveCommandTimes(SendMessageCommand, 1);
    expect(sqs).toReceiveCommandWith(SendMessageCommand, { QueueUrl: VERIFY_URL });
    const request = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!) as Record<string, unknown>;
    expect(request).toMatchObject({ fromRegion: 'eu-west-1', monitor: { id: 'mon-down' }, primary: { status: 503, success: false } });
    expect(output.metrics()).toMatchObject({ ChecksRun: 2, CheckFailures: 1 });
  });

  it('fails the message (for redelivery) when the store is unavailable', async () => {
    dynamo.reset();
    dynamo.onAnyCommand().rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $metadata: {} }));
    const response = await handler(sqsEvent(sqsRecord('m-1', JSON.stringify(job('mon-ok', '/ok')))), lambdaContext());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
  });
});
