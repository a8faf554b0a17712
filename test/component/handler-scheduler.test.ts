/** The scheduler Lambda: EventBridge's tick in, every monitor's jobs out to each region's checks queue (mocked SDK). */
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.ts';
import type { Monitor } from '../../functions/core/monitor.ts';
import { captureOutput, lambdaContext, stubEnv, type CapturedOutput } from '../helpers/lambda.ts';
import { makeMonitor } from '../helpers/fixtures.ts';

const QUEUES = {
  'eu-west-1': 'https://sqs.eu-west-1.amazonaws.com/123456789012/crosscheck-eu-west-1-checks',
  'us-east-1': 'https://sqs.us-east-1.amazonaws.com/123456789012/crosscheck-us-east-1-checks',
};
const dynamo = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);

let handler: (event: unknown, context: unknown) => Promise<{ jobs: number }>;
let output: CapturedOutput;

beforeAll(async () => {
  stubEnv({
    CROSSCHECK_TABLE: 'crosscheck',
    CROSSCHECK_HOME_REGION: 'eu-west-1',
    CROSSCHECK_REGIONS: 'eu-west-1,us-east-1',
    CROSSCHECK_QUEUE_URLS: JSON.stringify(QUEUES),
    CROSSCHECK_CHECK_WAVE_SECONDS: '20',
  });
  ({ handler } = (await import('../../functions/scheduler/handler.ts')) as unknown as { handler: typeof handler });
});

const monitorItem = (monitor: Monitor) => ({ pk: { S: `MONITOR#${monitor.id}` }, sk: { S: 'MONITOR' }, body: { S: JSON.stringify(monitor) } });
const tick = { version: '0', id: 'e1', 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-11-21T10:00:00Z', region: 'eu-west-1', resources: [], detail: {} };

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  output = captureOutput();
  return () => output.restore();
});

describe('scheduler handler', () => {
  it('sends each monitor\'s jobs to the checks queue of every region it is probed from', async () => {
    const everywhere = makeMonitor({ id: 'mon-all', regions: [], intervalSeconds: 60 });
    const usOnly = makeMonitor({ id: 'mon-us', regions: ['us-east-1'], intervalSeconds: 60 });
    const paused = makeMonitor({ id: 'mon-paused', regions: [], paused: true });
    dynamo.on(QueryCommand).resolves({ Items: [monitorItem(everywhere), monitorItem(usOnly), monitorItem(paused)] });

    const result = await handler(tick, lambdaContext('crosscheck-scheduler'));

    expect(result).toEqual({ jobs: 3 });
    const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) =>
      call.args[0].input.Entries!.flatMap((entry) => {
        const { jobs } = JSON.parse(entry.MessageBody!) as { jobs: { monitor: { id: string }; region: string }[] };
        return jobs.map((job) => `${job.monitor.id} ${job.region} -> ${call.args[0].input.QueueUrl}`);
      }),
    );
    expect(sent.sort()).toEqual([
      `mon-all eu-west-1 -> ${QUEUES['eu-west-1']}`,
      `mon-all us-east-1 -> ${QUEUES['us-east-1']}`,
      `mon-us us-east-1 -> ${QUEUES['us-east-1']}`,
    ]);
    expect(output.metrics()).toMatchObject({ JobsScheduled: 3 });
  });

  it('packs a region\'s jobs by wave: sixty 60 s monitors leave in three messages per region', async () => {
    const monitors = Array.from({ length: 60 }, (_, i) => makeMonitor({ id: `mon-${i}`, regions: [], intervalSeconds: 60 }));
    dynamo.on(QueryCommand).resolves({ Items: monitors.map(monitorItem) });

    expect(await handler(tick, lambdaContext('crosscheck-scheduler'))).toEqual({ jobs: 120 });

    const entries = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((entry) => ({ queue: call.args[0].input.QueueUrl, entry })));
    const jobs = entries.flatMap(({ entry }) => (JSON.parse(entry.MessageBody!) as { jobs: unknown[] }).jobs);
    expect(jobs).toHaveLength(120);
    // Up to ten jobs a message: per region, each wave's jobs fill ceil(n / 10) messages, at most three waves.
    for (const queue of Object.values(QUEUES)) {
      const delays = new Set(entries.filter((e) => e.queue === queue).map((e) => e.entry.DelaySeconds));
      expect(delays.size).toBeLessThanOrEqual(3);
    }
    expect(entries.length).toBeLessThanOrEqual(2 * (3 + 6));
  });

  it('refuses an event that is not EventBridge\'s scheduled event, and sends nothing', async () => {
    await expect(handler({ ...tick, 'detail-type': 'Something Else' }, lambdaContext('crosscheck-scheduler'))).rejects.toBeInstanceOf(ValidationError);
    expect(sqs).not.toReceiveAnyCommand();
    expect(dynamo).not.toReceiveAnyCommand();
  });
});
