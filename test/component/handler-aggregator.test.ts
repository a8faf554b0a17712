/** The aggregator Lambda: the rollups queue applied to the table on a schedule (mocked SDK clients). */
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Rollup } from '../../functions/core/rollup.ts';
import { captureOutput, lambdaContext, stubEnv, type CapturedOutput } from '../helpers/lambda.ts';
import { T0 } from '../helpers/fixtures.ts';

const URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/crosscheck-rollups';
const dynamo = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
const tick = { version: '0', id: 'e1', 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-11-21T10:15:00Z', region: 'eu-west-1', resources: [], detail: {} };

let handler: (event: unknown, context: Context) => Promise<Record<string, number>>;
let output: CapturedOutput;

beforeAll(async () => {
  stubEnv({ CROSSCHECK_TABLE: 'crosscheck', CROSSCHECK_HOME_REGION: 'eu-west-1', CROSSCHECK_ROLLUP_QUEUE_URL: URL });
  ({ handler } = (await import('../../functions/aggregator/handler.ts')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  output = captureOutput();
  return () => output.restore();
});

const rollup = (monitorId: string, region: string, checks: number): Rollup => ({
  monitorId,
  region,
  hour: T0,
  checks,
  failures: 0,
  anomalies: 0,
  latencySumMs: 5 * checks,
  histogram: { 9: checks },
});
const message = (id: string, ...rollups: Rollup[]): Message => ({ MessageId: id, ReceiptHandle: `rh-${id}`, Body: JSON.stringify({ rollups }), Attributes: { ApproximateReceiveCount: '1' } });

describe('aggregator handler', () => {
  it('merges what the queue holds, writes each monitor\'s hour once (every region of it) in the home region, and deletes the messages', async () => {
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message('a', rollup('m1', 'eu-west-1', 3), rollup('m2', 'us-east-1', 1)), message('b', rollup('m1', 'eu-west-1', 2))] })
      .resolves({ Messages: [] });
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    dynamo.on(UpdateItemCommand).resolves({});

    const report = await handler(tick, lambdaContext('crosscheck-aggregator'));

    expect(report).toMatchObject({ messages: 2, written: 2, writes: 2, failed: 0, deleted: 2 });
    const updates = await Promise.all(
      dynamo.commandCalls(UpdateItemCommand).map(async (call) => {
        const input = call.args[0].input;
        const checks = Object.entries(input.ExpressionAttributeNames!)
          .filter(([, name]) => name.endsWith('#checks'))
          .map(([placeholder, name]) => `${name}=${input.ExpressionAttributeValues![placeholder.replace('#', ':')]!.N}`);
        return { pk: input.Key!['pk']!.S!, checks, region: await (call.thisValue as DynamoDBClient).config.region() };
      }),
    );
    expect(updates.sort((a, b) => a.pk.localeCompare(b.pk))).toEqual([
      { pk: 'ROLLUP#m1', checks: ['eu-west-1#checks=5'], region: 'eu-west-1' },
      { pk: 'ROLLUP#m2', checks: ['us-east-1#checks=1'], region: 'eu-west-1' },
    ]);
    expect(sqs).toReceiveCommandWith(DeleteMessageBatchCommand, { QueueUrl: URL, Entries: [{ Id: '0', ReceiptHandle: 'rh-a' }, { Id: '1', ReceiptHandle: 'rh-b' }] });
    expect(output.logs('rollups applied')).toHaveLength(1);
  });

  it('fails the invocation (for the errors alarm) when a write fails, leaving that message in the queue', async () => {
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [message('a', rollup('m1', 'eu-west-1', 1)), message('b', rollup('m2', 'eu-west-1', 1))] }).resolves({});
    sqs.on(DeleteMessageBatchCommand).resolves({});
    dynamo.on(UpdateItemCommand).callsFake((input: { Key: { pk: { S: string } } }) => {
      if (input.Key.pk.S === 'ROLLUP#m2') throw Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: {} });
      return {};
    });

    await expect(handler(tick, lambdaContext('crosscheck-aggregator'))).rejects.toThrow('1 of 2 rollups could not be written');
    expect(sqs).toReceiveCommandWith(DeleteMessageBatchCommand, { Entries: [{ Id: '0', ReceiptHandle: 'rh-a' }] });
  });

  it('logs a message that does not parse, leaves it for its dead-letter queue, and refuses events that are not its schedule', async () => {
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [{ MessageId: 'bad', ReceiptHandle: 'rh-bad', Body: '{"rollups":[]}' }] }).resolves({});
    const report = await handler(tick, lambdaContext('crosscheck-aggregator'));
    expect(report).toMatchObject({ messages: 1, invalid: 1, deleted: 0 });
    expect(sqs).not.toReceiveCommand(DeleteMessageBatchCommand);
    expect(output.logs('bad rollups message').map((line) => line['messageId'])).toEqual(['bad']);

    await expect(handler({ 'detail-type': 'Something Else' }, lambdaContext('crosscheck-aggregator'))).rejects.toThrow();
  });
});
