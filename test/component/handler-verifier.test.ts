/**
 * The verifier Lambda, as Lambda's asynchronous invocation runs it: one verification
 * request per invocation, re-checked from this region, over mocked SDK clients.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.ts';
import type { VerifyRequest } from '../../functions/core/jobs.ts';
import { captureOutput, lambdaContext, probeLambdaEnv, ROLLUPS_URL, stubEnv, type CapturedOutput } from '../helpers/lambda.ts';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';
import { failingResult, iso, makeMonitor } from '../helpers/fixtures.ts';

const dynamo = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
mockClient(LambdaClient);
mockClient(SESv2Client);

let target: TestServer;
let handler: (event: unknown, context: unknown) => Promise<{ outcome: string; applied: boolean }>;
let output: CapturedOutput;

beforeAll(async () => {
  target = await startHttpServer((request, res) => {
    res.writeHead(request.url === '/down' ? 503 : 200).end('.');
  });
  stubEnv(probeLambdaEnv({ AWS_REGION: 'us-east-1', CROSSCHECK_VERIFIER_FUNCTIONS: JSON.stringify({ 'eu-west-1': 'crosscheck-eu-west-1-verifier' }) }));
  ({ handler } = (await import('../../functions/verifier/handler.ts')) as unknown as { handler: typeof handler });
});

afterAll(async () => {
  await target.close();
});

beforeEach(() => {
  dynamo.reset();
  dynamo.onAnyCommand().resolves({});
  sqs.reset();
  sqs.onAnyCommand().resolves({});
  output = captureOutput();
  return () => output.restore();
});

const request = (id: string, path: string): VerifyRequest => ({
  verificationId: `ver-${id}`,
  monitor: makeMonitor({ id, url: `${target.origin}${path}`, regions: [], alerts: { email: [], webhooks: [] } }),
  fromRegion: 'eu-west-1',
  primary: failingResult('eu-west-1', Date.now()),
  tried: [],
  requestedAt: iso(Date.now()),
});

/** The rollups the invocation sent to the home region's rollups queue. */
async function rollupsSent() {
  const sends = sqs.commandCalls(SendMessageCommand).filter((call) => call.args[0].input.QueueUrl === ROLLUPS_URL);
  const regions = await Promise.all(sends.map((call) => (call.thisValue as SQSClient).config.region()));
  return {
    regions,
    rollups: sends.flatMap((call) => (JSON.parse(call.args[0].input.MessageBody!) as { rollups: { monitorId: string; region: string; checks: number; failures: number }[] }).rollups),
  };
}

describe('verifier handler', () => {
  it('re-checks the request from its own region: a failure there confirms, a success refutes', async () => {
    expect(await handler(request('mon-down', '/down'), lambdaContext('crosscheck-verifier'))).toEqual({ outcome: 'confirmed', applied: false });
    expect(await handler(request('mon-up', '/ok'), lambdaContext('crosscheck-verifier'))).toEqual({ outcome: 'refuted', applied: false });

    expect(target.requests.map((r) => r.url).sort()).toEqual(['/down', '/ok']);
    // Results are written to this region's replica; monitor state only ever read in the home region's.
    const puts = await Promise.all(
      dynamo.commandCalls(PutItemCommand).map(async (call) => ({
        pk: call.args[0].input.Item!['pk']!.S!,
        region: await (call.thisValue as DynamoDBClient).config.region(),
      })),
    );
    expect(puts.filter((p) => p.pk.startsWith('RESULT#')).map((p) => `${p.pk} ${p.region}`).sort()).toEqual(['RESULT#mon-down us-east-1', 'RESULT#mon-up us-east-1']);
    const stateReads = await Promise.all(
      dynamo
        .commandCalls(GetItemCommand)
        .filter((call) => call.args[0].input.Key!['pk']!.S!.startsWith('STATE#'))
        .map((call) => (call.thisValue as DynamoDBClient).config.region()),
    );
    expect(stateReads.length).toBeGreaterThan(0);
    expect(new Set(stateReads)).toEqual(new Set(['eu-west-1']));
    expect(output.metrics()).toMatchObject({ VerificationsConfirmed: 1, VerificationsRefuted: 1 });
    // Each verification counted in this region's hour, one rollups message per invocation to the home region's queue.
    const sent = await rollupsSent();
    expect(new Set(sent.regions)).toEqual(new Set(['eu-west-1']));
    expect(sent.rollups.map((r) => [r.monitorId, r.region, r.checks, r.failures]).sort()).toEqual([
      ['mon-down', 'us-east-1', 1, 1],
      ['mon-up', 'us-east-1', 1, 0],
    ]);
  });

  it('throws a request that does not parse back to Lambda (its retries, then the failure destination), checking nothing', async () => {
    const bad = { ...request('mon-x', '/ok'), primary: { status: 'broken' } };
    await expect(handler(bad, lambdaContext('crosscheck-verifier'))).rejects.toBeInstanceOf(ValidationError);
    expect(target.requests.filter((r) => r.url === '/ok')).toHaveLength(1); // only the earlier test's
    expect(output.logs('bad verification request')).toHaveLength(1);
    expect(JSON.stringify(output.lines)).not.toContain(target.origin);
  });

  it('throws when the home region cannot be written, so that Lambda retries', async () => {
    dynamo.reset();
    dynamo.onAnyCommand().rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $metadata: {} }));
    await expect(handler(request('mon-y', '/down'), lambdaContext('crosscheck-verifier'))).rejects.toThrow('ServiceUnavailable');
    expect(output.logs('verification failed').map((line) => line['verificationId'])).toEqual(['ver-mon-y']);
  });
});
