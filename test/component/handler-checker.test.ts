/**
 * The checker Lambda as deployed: its environment, middy and Powertools, the AWS
 * adapters over mocked SDK clients, and real checks against loopback targets (allowed
 * through CROSSCHECK_ALLOWED_PRIVATE_RANGES, as a user would for an internal service).
 */
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CheckJob } from '../../functions/core/jobs.ts';
import { captureOutput, lambdaContext, probeLambdaEnv, ROLLUPS_URL, sqsEvent, sqsRecord, stubEnv, type CapturedOutput } from '../helpers/lambda.ts';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';
import { iso, makeMonitor } from '../helpers/fixtures.ts';

const dynamo = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
const lambda = mockClient(LambdaClient);
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
  stubEnv(probeLambdaEnv({ CROSSCHECK_VERIFIER_FUNCTIONS: JSON.stringify({ 'us-east-1': 'crosscheck-us-east-1-verifier' }) }));
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
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
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
    // The verification request goes to the other region's verifier, invoked asynchronously with that region's client.
    const verifications = lambda.commandCalls(InvokeCommand);
    expect(verifications).toHaveLength(1);
    expect(verifications[0]!.args[0].input).toMatchObject({ FunctionName: 'crosscheck-us-east-1-verifier', InvocationType: 'Event' });
    expect(await (verifications[0]!.thisValue as LambdaClient).config.region()).toBe('us-east-1');
    const request = JSON.parse(Buffer.from(verifications[0]!.args[0].input.Payload as Uint8Array).toString('utf8')) as Record<string, unknown>;
    expect(request).toMatchObject({ fromRegion: 'eu-west-1', monitor: { id: 'mon-down' }, primary: { status: 503, success: false } });
    expect(output.metrics()).toMatchObject({ ChecksRun: 2, CheckFailures: 1 });
  });

  it('sends the batch\'s rollups as one message to the home region\'s rollups queue and writes none itself', async () => {
    const event = sqsEvent(
      sqsRecord('m-a', JSON.stringify(job('mon-a', '/ok'))),
      sqsRecord('m-b', JSON.stringify(job('mon-b', '/down'))),
      sqsRecord('m-c', JSON.stringify(job('mon-a', '/ok', { jobId: 'job-mon-a-again' }))),
    );

    const response = await handler(event, lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(dynamo).not.toReceiveCommand(UpdateItemCommand);
    const sends = sqs.commandCalls(SendMessageCommand).filter((call) => call.args[0].input.QueueUrl === ROLLUPS_URL);
    expect(sends).toHaveLength(1);
    const { rollups } = JSON.parse(sends[0]!.args[0].input.MessageBody!) as { rollups: { monitorId: string; region: string; checks: number; failures: number; hour: number }[] };
    // mon-a's two checks merged into one entry for its hour.
    expect(rollups.map((r) => [r.monitorId, r.region, r.checks, r.failures]).sort()).toEqual([
      ['mon-a', 'eu-west-1', 2, 0],
      ['mon-b', 'eu-west-1', 1, 1],
    ]);
    expect(rollups.every((r) => r.hour % 3_600_000 === 0)).toBe(true);
    expect(await (sends[0]!.thisValue as SQSClient).config.region()).toBe('eu-west-1');
  });

  it('stores no raw row for a steady passing check, and the failing one as evidence', async () => {
    const upState = (monitorId: string) => ({
      Item: {
        pk: { S: `STATE#${monitorId}` },
        sk: { S: 'STATE' },
        version: { N: '7' },
        body: { S: JSON.stringify({ monitorId, status: 'UP', version: 7, since: iso(Date.now() - 86_400_000), lastCheckAt: null, failures: {}, successes: 0, verification: null, openIncidentId: null, certWarnings: null }) },
      },
    });
    dynamo.on(GetItemCommand).callsFake((input: { Key: { pk: { S: string } } }) => upState(input.Key.pk.S.replace('STATE#', '')));
    // Due five minutes into an hour: not the hour's sample.
    const due = { scheduledFor: '2026-11-21T10:05:00.000Z' };
    const event = sqsEvent(sqsRecord('m-up', JSON.stringify(job('mon-up', '/ok', due))), sqsRecord('m-down', JSON.stringify(job('mon-down', '/down', due))));

    expect((await handler(event, lambdaContext())).batchItemFailures).toEqual([]);

    const results = dynamo.commandCalls(PutItemCommand).map((call) => call.args[0].input.Item!['pk']!.S!).filter((pk) => pk.startsWith('RESULT#'));
    expect(results).toEqual(['RESULT#mon-down']);
  });

  it('runs every job of a wave message concurrently, and fails the message when one of its jobs fails', async () => {
    target.requests.length = 0;
    const wave = { jobs: [job('mon-w1', '/pair/up'), job('mon-w2', '/pair/down')] };
    const broken = { jobs: [job('mon-w3', '/ok'), job('mon-w4', '/ok', { region: 'us-east-1' })] };

    const response = await handler(sqsEvent(sqsRecord('m-wave', JSON.stringify(wave)), sqsRecord('m-broken', JSON.stringify(broken))), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-broken' }]);
    expect(target.requests.map((r) => r.url).sort()).toEqual(['/ok', '/pair/down', '/pair/up']);
    expect(output.logs('check job of a message failed').map((line) => line['jobId'])).toEqual(['job-mon-w4']);
    expect(output.metrics()).toMatchObject({ ChecksRun: 3, CheckFailures: 1 });
  });

  it('reports every message of the batch failed when its rollups cannot be sent', async () => {
    sqs.on(SendMessageCommand, { QueueUrl: ROLLUPS_URL }).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $metadata: {} }));
    const event = sqsEvent(sqsRecord('m-1', JSON.stringify(job('mon-1', '/ok'))), sqsRecord('m-2', JSON.stringify(job('mon-2', '/ok'))));

    const response = await handler(event, lambdaContext());

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-1', 'm-2']);
    expect(output.logs('check job batch could not be completed')).toHaveLength(1);
  });

  it('fails the message (for redelivery) when the store is unavailable', async () => {
    dynamo.reset();
    dynamo.onAnyCommand().rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $metadata: {} }));
    const response = await handler(sqsEvent(sqsRecord('m-1', JSON.stringify(job('mon-ok', '/ok')))), lambdaContext());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
  });
});
