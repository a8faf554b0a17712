/**
 * The SQS job queue with a mocked client: jobs packed by wave, batches of ten, delays
 * within SQS's limits, retrying only the entries that failed.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSqsJobQueue, MESSAGE_BYTES, packJobs } from '../../functions/adapters/aws/index.ts';
import { CheckJobMessageSchema, parseMessageBody } from '../../functions/core/messages.ts';
import { CrossCheckError } from '../../functions/core/errors.ts';
import type { CheckJob } from '../../functions/core/jobs.ts';
import { monitorWithId } from '../helpers/fixtures.ts';

const sqs = mockClient(SQSClient);
const client = new SQSClient({ region: 'eu-west-1' });
const URLS = { 'eu-west-1': 'https://sqs.eu-west-1.amazonaws.com/1/checks', 'us-east-1': 'https://sqs.us-east-1.amazonaws.com/1/checks' };

const job = (id: string, region = 'eu-west-1'): CheckJob => ({ jobId: id, monitor: monitorWithId(`m-${id}`), region, scheduledFor: '2026-11-21T10:00:00.000Z' });
const entriesOf = (n: number) => sqs.commandCalls(SendMessageBatchCommand)[n]!.args[0].input.Entries!;

beforeEach(() => {
  sqs.reset();
});

/** The jobs in a message body. */
const jobsIn = (body: string) => (JSON.parse(body) as { jobs: CheckJob[] }).jobs;
const delayed = (id: string, delaySeconds: number, region = 'eu-west-1') => ({ job: job(id, region), delaySeconds });

describe('SQS job queue', () => {
  it('packs a region\'s jobs due in the same second into messages of ten, and sends each region to its own queue', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const jobs = [...Array.from({ length: 25 }, (_, i) => delayed(`j${i}`, 0)), delayed('x', 0, 'us-east-1')];
    await createSqsJobQueue({ queueUrls: URLS, clients: () => client }).send(jobs);

    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.QueueUrl, c.Entries!.map((e) => jobsIn(e.MessageBody!).length)]).sort()).toEqual(
      [[URLS['eu-west-1'], [10, 10, 5]], [URLS['us-east-1'], [1]]].sort(),
    );
    const sent = calls.flatMap((c) => c.Entries!.flatMap((e) => jobsIn(e.MessageBody!)));
    expect(sent.map((j) => j.jobId).sort()).toEqual([...jobs.map((s) => s.job.jobId)].sort());
    expect(sent.find((j) => j.jobId === 'j7')).toEqual(job('j7'));
    // Every body is what the checker accepts.
    for (const entry of calls.flatMap((c) => c.Entries!)) expect(() => parseMessageBody(CheckJobMessageSchema, entry.MessageBody!, 'check_job')).not.toThrow();
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
      Entries: [{ Id: '0', MessageBody: JSON.stringify({ jobs: [job('a')] }), DelaySeconds: expected }],
    });
  });

  it('with waves of 20 s, sends a region\'s 60 s monitors of a minute in three messages, each at the end of its wave', async () => {
    sqs.on(SendMessageBatchCommand).resolves({});
    const minute = Date.parse('2026-11-21T10:00:00.000Z');
    const jobs = Array.from({ length: 30 }, (_, second) => ({
      job: { ...job(`s${second * 2}`), scheduledFor: new Date(minute + second * 2000).toISOString() },
      delaySeconds: second * 2,
    }));
    await createSqsJobQueue({ queueUrls: URLS, clients: () => client, maxWaveSeconds: 20, clock: { now: () => minute } }).send(jobs);

    const entries = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!);
    expect(entries.map((e) => [e.DelaySeconds, jobsIn(e.MessageBody!).map((j) => j.jobId)])).toEqual([
      [19, ['s0', 's2', 's4', 's6', 's8', 's10', 's12', 's14', 's16', 's18']],
      [39, ['s20', 's22', 's24', 's26', 's28', 's30', 's32', 's34', 's36', 's38']],
      [59, ['s40', 's42', 's44', 's46', 's48', 's50', 's52', 's54', 's56', 's58']],
    ]);
  });

  it('sends the jobs of a tick that ran late at once when their wave is over, the others at their wave\'s end', async () => {
    sqs.on(SendMessageBatchCommand).resolves({});
    const minute = Date.parse('2026-11-21T10:00:00.000Z');
    const at = (second: number) => ({ job: { ...job(`s${second}`), scheduledFor: new Date(minute + second * 1000).toISOString() }, delaySeconds: Math.max(0, second - 25) });
    await createSqsJobQueue({ queueUrls: URLS, clients: () => client, maxWaveSeconds: 20, clock: { now: () => minute + 25_000 } }).send([at(3), at(18), at(22), at(45)]);
    const entries = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!);
    expect(entries.map((e) => [e.DelaySeconds, jobsIn(e.MessageBody!).map((j) => j.jobId)])).toEqual([
      [0, ['s3', 's18']],
      [14, ['s22']],
      [34, ['s45']],
    ]);
  });

  it('keeps a message within one billing chunk and a batch within SQS\'s size limit', () => {
    const big = (id: string) => ({ job: job(id), delaySeconds: 5 });
    const heavy = Array.from({ length: 10 }, (_, i) => ({ ...big(`h${i}`), job: { ...job(`h${i}`), monitor: monitorWithId(`h${i}`, { headers: { 'x-padding': 'p'.repeat(15_000) } }) } }));
    const messages = packJobs(heavy);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((m) => Buffer.byteLength(m.body) <= MESSAGE_BYTES + 16)).toBe(true);
    expect(messages.flatMap((m) => m.jobIds)).toEqual(heavy.map((h) => h.job.jobId));
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
    const jobs = ['a', 'b', 'c', 'd'].map((id, i) => delayed(id, i));

    const error = await queue.send(jobs).catch((e: unknown) => e);

    expect(sqs).toReceiveCommandTimes(SendMessageBatchCommand, 3);
    expect(entriesOf(0).map((e) => e.Id)).toEqual(['0', '1', '2', '3']);
    expect(entriesOf(1).map((e) => [e.Id, jobsIn(e.MessageBody!)[0]!.jobId])).toEqual([['1', 'b'], ['3', 'd']]);
    expect(entriesOf(2).map((e) => e.Id)).toEqual(['3']);
    expect(error).toBeInstanceOf(CrossCheckError);
    expect((error as Error).message).toBe('1 of 4 check jobs not sent: 1 (eu-west-1: InvalidMessageContents: bad)');
  });

  it('gives up on an entry after the last retry round, having sent the others, and counts every job it carried', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] });
    const queue = createSqsJobQueue({ queueUrls: URLS, clients: () => client, retries: 2, retryDelayMs: 0 });
    await expect(queue.send([delayed('a', 0), delayed('b', 0), delayed('c', 1)])).rejects.toThrow('2 of 3 check jobs not sent: 2 (eu-west-1: InternalError)');
    expect(sqs).toReceiveCommandTimes(SendMessageBatchCommand, 3);
  });

  it('still sends the other batches when one request fails outright', async () => {
    sqs
      .on(SendMessageBatchCommand, { QueueUrl: URLS['us-east-1'] })
      .rejects(Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' }))
      .on(SendMessageBatchCommand, { QueueUrl: URLS['eu-west-1'] })
      .resolves({});
    const queue = createSqsJobQueue({ queueUrls: URLS, clients: () => client });
    await expect(queue.send([delayed('a', 0), delayed('b', 0, 'us-east-1')])).rejects.toThrow(/1 of 2 check jobs not sent/);
    expect(sqs).toReceiveCommandWith(SendMessageBatchCommand, { QueueUrl: URLS['eu-west-1'] });
  });
});
