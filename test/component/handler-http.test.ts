/**
 * The HTTP API Lambda: the shared API handler behind API Gateway's IAM authorizer, wired
 * to the AWS adapters (mocked SDK clients). Management routes need the IAM context API
 * Gateway adds after checking SigV4; public routes do not. "Check now" asks each
 * region's prober function.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiGatewayV2Event, ApiGatewayV2Result } from '../../functions/api/event.ts';
import { captureOutput, lambdaContext, stubEnv } from '../helpers/lambda.ts';
import { T0, makeMonitor, passingResult } from '../helpers/fixtures.ts';

const dynamo = mockClient(DynamoDBClient);
const lambda = mockClient(LambdaClient);
let handler: (event: ApiGatewayV2Event, context: unknown) => Promise<ApiGatewayV2Result>;

beforeAll(async () => {
  stubEnv({
    CROSSCHECK_TABLE: 'crosscheck',
    CROSSCHECK_HOME_REGION: 'eu-west-1',
    CROSSCHECK_REGIONS: 'eu-west-1,us-east-1',
    CROSSCHECK_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/k',
    CROSSCHECK_LEDGER_ORIGIN: 'api.example/ledger',
    CROSSCHECK_NOTE_KEY_ID: '',
    CROSSCHECK_RECORDER_FUNCTION: 'crosscheck-recorder',
    CROSSCHECK_PROBER_FUNCTIONS: JSON.stringify({ 'eu-west-1': 'crosscheck-eu-west-1-prober', 'us-east-1': 'crosscheck-us-east-1-prober' }),
    CROSSCHECK_VERIFIER_FUNCTIONS: JSON.stringify({ 'eu-west-1': 'crosscheck-eu-west-1-verifier', 'us-east-1': 'crosscheck-us-east-1-verifier' }),
    CROSSCHECK_ALERT_FROM: 'alerts@example.org',
    CROSSCHECK_CHANNEL_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/channels',
    CROSSCHECK_ALERT_TO: 'ops@example.org',
    CROSSCHECK_ALLOWED_PRIVATE_RANGES: '',
  });
  ({ handler } = (await import('../../functions/http/handler.ts')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  dynamo.reset();
  lambda.reset();
  dynamo.onAnyCommand().resolves({});
  dynamo.on(QueryCommand).resolves({ Items: [] });
  const output = captureOutput();
  return () => output.restore();
});

const IAM = { accessKey: 'AKIAEXAMPLE', accountId: '123456789012', callerId: 'AIDAEXAMPLE', userArn: 'arn:aws:iam::123456789012:user/ops', userId: 'AIDAEXAMPLE' };

function event(method: string, path: string, options: { iam?: boolean; body?: unknown } = {}): ApiGatewayV2Event {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, sourceIp: '192.0.2.1' },
      requestId: 'r1',
      stage: '$default',
      ...(options.iam ? { authorizer: { iam: IAM } } : {}),
    },
  } as ApiGatewayV2Event;
}

describe('http handler', () => {
  it.each([
    ['GET', '/v1/monitors'],
    ['POST', '/v1/monitors'],
    ['DELETE', '/v1/monitors/mon-1'],
    ['POST', '/v1/monitors/mon-1/check'],
  ])('%s %s without the IAM context is 401 and touches nothing', async (method, path) => {
    const reply = await handler(event(method, path, { body: method === 'POST' ? {} : undefined }), lambdaContext('crosscheck-http'));
    expect(reply.statusCode).toBe(401);
    expect(dynamo).not.toReceiveAnyCommand();
    expect(lambda).not.toReceiveAnyCommand();
  });

  it('lists monitors with the IAM context, from the home region table', async () => {
    const reply = await handler(event('GET', '/v1/monitors', { iam: true }), lambdaContext('crosscheck-http'));
    expect(reply.statusCode).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ items: [] });
    expect(dynamo).toReceiveCommandWith(QueryCommand, { TableName: 'crosscheck', IndexName: 'byCollection' });
  });

  it('serves a public route without any authorizer context', async () => {
    const reply = await handler(event('GET', '/healthz'), lambdaContext('crosscheck-http'));
    expect(reply.statusCode).toBe(200);
  });

  it('checks now from every region by invoking that region\'s prober', async () => {
    const monitor = makeMonitor({ id: 'mon-1', regions: [] });
    dynamo.on(GetItemCommand).resolves({ Item: { pk: { S: 'MONITOR#mon-1' }, sk: { S: 'MONITOR' }, body: { S: JSON.stringify(monitor) } } });
    lambda.on(InvokeCommand).callsFake((input: { FunctionName: string }) => {
      const region = input.FunctionName.replace(/^crosscheck-/, '').replace(/-prober$/, '');
      return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(passingResult(region, T0))) };
    });

    const reply = await handler(event('POST', '/v1/monitors/mon-1/check', { iam: true }), lambdaContext('crosscheck-http'));

    expect(reply.statusCode).toBe(200);
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 2);
    for (const region of ['eu-west-1', 'us-east-1']) {
      expect(lambda).toReceiveCommandWith(InvokeCommand, { FunctionName: `crosscheck-${region}-prober`, InvocationType: 'RequestResponse' });
    }
    const payload = JSON.parse(Buffer.from(lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload as Uint8Array).toString('utf8')) as { monitor: Record<string, unknown> };
    expect(payload.monitor).toMatchObject({ name: monitor.name, url: monitor.url });
    expect(payload.monitor).not.toHaveProperty('id');
  });
});
