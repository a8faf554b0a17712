/**
 * The SQS queues with a mocked client: batches of ten, delays within SQS's limits,
 * retrying only the entries that failed, and which errors make a region unavailable.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { QueueDoesNotExist, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSqsJobQueue, createSqsVerifyQueue } from '../../functions/adapters/aws/index.ts';
import { CrossCheckError, RegionUnavailableError } from '../../functions/core/errors.ts';
import type { CheckJob, VerifyRequest } from '../../functions/core/jobs.ts';
import { checkResult, monitor } from '../contract/fixtures.ts';

const sqs = mockClient(SQSClient);
const client = new SQSClient({ region: 'eu-west-1' });
const URLS = { 'eu-west-1': 'https://sqs.eu-west-1.amazonaws.com/1/checks', 'us-east-1': 'https://sqs.us-east-1.amazonaws.com/1/checks' };

const job = (id: string, region = 'eu-west-1'): CheckJob => ({ jobId: id, monitor: monitor(`m-${id}`), region, scheduledFor: '2026-11-21T10:00:00.000Z' });
const entriesOf = (n: number) => sqs.commandCalls(SendMessageBatchCommand)[n]!.args[0].input.Entries!;

beforeEach(() => {
  sqs.reset();
});

describe('SQS job queue', () => {
  it('sends 25 jobs of a region as batches of 10, 10 and 5, and each region to its own queue', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const jobs = [...Array.from({ length: 25 }, (_, i) => ({ job: job(`j${i}`), delaySeconds: 0 })), { job: job('x', 'us-east-1'), delaySeconds: 0 }];
    await createSqsJobQueue({ queueUrls: URLS, clients: () => client }).send(jobs);

    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.QueueUrl, c.Entries!.length]).sort()).toEqual(
      [[URLS['eu-west-1'], 10], [URLS['eu-west-1'], 10], [URLS['eu-west-1'], 5], [URLS['us-east-1'], 1]].sort(),
    );
    const sent = calls.flatMap((c) => c.Entries!.map((e) => JSON.parse(e.MessageBody!) as CheckJob));
    expect(sent.map((j) => j.jobId).sort()).toEqual([...jobs.map((s) => s.job.jobId)].sort());
    expect(sent.find((j) => j.jobId === 'j7')).toEqual(job('j7'));
  });

  it.each([
    [0, 0],
    [12, 12],
    [12.4, 12],
    [899.6, 900],
    [900, 900],
    [1200, 900],
    [-3, 0],
    [Number.NaN, 0],
  ])('sends a delay of %d s as DelaySeconds %d', async (delay, expected) => {
    sqs.on(SendMessageBatchCommand).resolves({});
    await createSqsJobQueue({ queueUrls: URLS, clients: () => client }).send([{ job: job('a'), delaySeconds: delay }]);
    expect(sqs).toReceiveCommandExactlyOnceWith(SendMessageBatchCommand, {
      QueueUrl: URLS['eu-west-1'],
      Entries: [{ Id: '0', MessageBody: JSON.stringify(job('a')), DelaySeconds: expected }],
    });
  });

  it('retries only the entries SQS failed, and not those failed by the sender', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [],
        Failed: [
          { Id: '1', Code: 'InternalError', SenderFault: false },
          { Id: '3', Code: 'InternalError', SenderFault: false },
          { Id: '2', Code: 'InvalidMessageContents', SenderFault: true, Message: 'bad' },
        ],
      })
      .resolvesOnce({ Failed: [{ Id: '3', Code: 'InternalError', SenderFault: false }] })
      .resolves({ Failed: [] });
    const queue = createSqsJobQueue({ queueUrls: URLS, clients: () => client, retryDelayMs: 0 });
    const jobs = ['a', 'b', 'c', 'd'].map((id) => ({ job: job(id), delaySeconds: 0 }));

    const error = await queue.send(jobs).catch((e: unknown) => e);

    expect(sqs).toReceiveCommandTimes(SendMessageBatchCommand, 3);
    expect(entriesOf(0).map((e) => e.Id)).toEqual(['0', '1', '2', '3']);
    expect(entriesOf(1).map((e) => [e.Id, (JSON.parse(e.MessageBody!) as CheckJob).jobId])).toEqual([['1', 'b'], ['3', 'd']]);
    expect(entriesOf(2).map((e) => e.Id)).toEqual(['3']);
    expect(error).toBeInstanceOf(CrossCheckError);
    expect((error as Error).message).toBe('1 of 4 check jobs not sent: 1 (eu-west-1: InvalidMessageContents: bad)');
  });

  it('gives up on an entry after the last retry round, having sent the others', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] });
    const queue = createSqsJobQueue({ queueUrls: URLS, clients: () => client, retries: 2, retryDelayMs: 0 });
    await expect(queue.send([{ job: job('a'), delaySeconds: 0 }, { job: job('b'), delaySeconds: 0 }])).rejects.toThrow(
      '1 of 2 check jobs not sent: 1 (eu-west-1: InternalError)',
    );
    expect(sqs).toReceiveCommandTimes(SendMessageBatchCommand, 3);
  });

  it('still sends the other batches when one request fails outright', async () => {
    sqs
      .on(SendMessageBatchCommand, { QueueUrl: URLS['us-east-1'] })
      .rejects(Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' }))
      .on(SendMessageBatchCommand, { QueueUrl: URLS['eu-west-1'] })
      .resolves({});
    const queue = createSqsJobQueue({ queueUrls: URLS, clients: () => client });
    await expect(queue.send([{ job: job('a'), delaySeconds: 0 }, { job: job('b', 'us-east-1'), delaySeconds: 0 }])).rejects.toThrow(/1 of 2 check jobs not sent/);
    expect(sqs).toReceiveCommandWith(SendMessageBatchCommand, { QueueUrl: URLS['eu-west-1'] });
  });
});

describe('SQS verify queue', () => {
  const request: VerifyRequest = {
    verificationId: 'v1',
    monitor: monitor('m1'),
    fromRegion: 'eu-west-1',
    primary: checkResult({ success: false }),
    tried: [],
    requestedAt: '2026-11-21T10:00:00.000Z',
  };

  it("sends the request to the target region's queue with that region's client", async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: '1' });
    const asked: string[] = [];
    const queue = createSqsVerifyQueue({ queueUrls: URLS, clients: (region) => (asked.push(region), client) });
    await queue.send('us-east-1', request);
    expect(asked).toEqual(['us-east-1']);
    expect(sqs).toReceiveCommandExactlyOnceWith(SendMessageCommand, { QueueUrl: URLS['us-east-1'], MessageBody: JSON.stringify(request) });
  });

  it.each([
    ['AccessDenied', () => Object.assign(new Error('not authorized'), { name: 'AccessDenied' })],
    ['a queue that does not exist', () => new QueueDoesNotExist({ message: 'gone', $metadata: {} })],
    ['a network error', () => Object.assign(new Error('getaddrinfo ENOTFOUND sqs.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' })],
    ['throttling', () => Object.assign(new Error('slow down'), { name: 'RequestThrottled' })],
  ])('is RegionUnavailableError on %s', async (_label, error) => {
    sqs.on(SendMessageCommand).rejects(error());
    const failure = await createSqsVerifyQueue({ queueUrls: URLS, clients: () => client }).send('us-east-1', request).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RegionUnavailableError);
    expect(failure).toMatchObject({ region: 'us-east-1' });
  });

  it('is RegionUnavailableError without a call when the region has no queue', async () => {
    await expect(createSqsVerifyQueue({ queueUrls: URLS, clients: () => client }).send('ap-south-1', request)).rejects.toBeInstanceOf(RegionUnavailableError);
    expect(sqs).not.toReceiveAnyCommand();
  });

  it('is a plain error, not a region problem, when SQS refuses the message itself', async () => {
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('invalid characters'), { name: 'InvalidMessageContents' }));
    const failure = await createSqsVerifyQueue({ queueUrls: URLS, clients: () => client }).send('us-east-1', request).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CrossCheckError);
    expect(failure).not.toBeInstanceOf(RegionUnavailableError);
  });
});
