/**
 * Rollups written behind: the buffer that merges an invocation's deltas, the rollups
 * queue (sender and reader) over a mocked SQS client, and the aggregator's drain.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { withRollupBuffer } from '../../functions/adapters/aws/rollup-buffer.ts';
import { createSqsRollupReader, createSqsRollupSender, rollupBodies } from '../../functions/adapters/aws/sqs/rollup-queue.ts';
import { drainRollups, rollupWriterOf } from '../../functions/services/drain-rollups.ts';
import type { QueuedMessage, RollupQueueReader, RollupWriter } from '../../functions/ports/rollup-queue.ts';
import { CrossCheckError } from '../../functions/core/errors.ts';
import { MAX_ROLLUPS_PER_MESSAGE, parseMessageBody, RollupBatchSchema } from '../../functions/core/messages.ts';
import type { Rollup, RollupDelta, RollupKey } from '../../functions/core/rollup.ts';
import type { ResultStore } from '../../functions/ports/result-store.ts';
import { T0 } from '../helpers/fixtures.ts';

const sqs = mockClient(SQSClient);
const client = new SQSClient({ region: 'eu-west-1' });
const URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/crosscheck-rollups';
const HOUR = 3_600_000;

const rollup = (monitorId: string, region = 'eu-west-1', hour = T0, checks = 1, failures = 0): Rollup => ({
  monitorId,
  region,
  hour,
  checks,
  failures,
  anomalies: 0,
  latencySumMs: 10 * checks,
  histogram: { 12: checks },
});

beforeEach(() => {
  sqs.reset();
});

/** A ResultStore whose rollup writes are recorded; everything else throws (the buffer must not touch it for rollups). */
function recordingStore(): ResultStore & { readonly added: [RollupKey, RollupDelta][] } {
  const added: [RollupKey, RollupDelta][] = [];
  const unused = () => Promise.reject(new Error('not used'));
  return {
    added,
    putResult: vi.fn(async () => undefined),
    listResults: unused,
    addToRollup: async (key, delta) => {
      added.push([key, delta]);
    },
    listRollups: unused,
    putAnomaly: vi.fn(async () => undefined),
    listAnomalies: unused,
    deleteResultsBefore: unused,
  };
}

describe('withRollupBuffer', () => {
  it('merges deltas in memory and sends them once, on flush; everything else goes straight through', async () => {
    const store = recordingStore();
    const sent: Rollup[][] = [];
    const buffered = withRollupBuffer(store, { send: async (rollups) => void sent.push([...rollups]) });
    await buffered.addToRollup({ monitorId: 'm1', region: 'a', hour: T0 }, rollup('m1', 'a'));
    await buffered.addToRollup({ monitorId: 'm1', region: 'a', hour: T0 }, rollup('m1', 'a', T0, 1, 1));
    await buffered.addToRollup({ monitorId: 'm2', region: 'a', hour: T0 }, rollup('m2', 'a'));
    await buffered.putAnomaly({ id: 'x' } as never);
    expect(store.added).toEqual([]);
    expect(store.putAnomaly).toHaveBeenCalledOnce();
    expect(buffered.pending()).toBe(2);

    expect(await buffered.flush()).toBe(2);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.map((r) => [r.monitorId, r.checks, r.failures])).toEqual([
      ['m1', 2, 1],
      ['m2', 1, 0],
    ]);
    expect(await buffered.flush()).toBe(0);
    expect(sent).toHaveLength(1);
  });

  it('starts over even when sending fails, so that the redelivered work is not counted twice', async () => {
    const buffered = withRollupBuffer(recordingStore(), { send: () => Promise.reject(new CrossCheckError('queue down')) });
    await buffered.addToRollup({ monitorId: 'm1', region: 'a', hour: T0 }, rollup('m1', 'a'));
    await expect(buffered.flush()).rejects.toThrow('queue down');
    expect(buffered.pending()).toBe(0);
  });
});

describe('rollups queue', () => {
  it('sends one message per flush, which parses with the rollup schema', async () => {
    sqs.on(SendMessageCommand).resolves({});
    await createSqsRollupSender({ queueUrl: URL, region: 'eu-west-1', client }).send([rollup('m1'), rollup('m2', 'us-east-1')]);
    expect(sqs).toReceiveCommandTimes(SendMessageCommand, 1);
    const body = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!;
    expect(parseMessageBody(RollupBatchSchema, body, 'rollups').rollups).toEqual([rollup('m1'), rollup('m2', 'us-east-1')]);
  });

  it('splits a set larger than a message should be, by bytes and by count', () => {
    const many = Array.from({ length: 50 }, (_, i) => rollup(`monitor-${i}`));
    const bodies = rollupBodies(many, 2_000);
    expect(bodies.length).toBeGreaterThan(1);
    expect(bodies.every((b) => Buffer.byteLength(b) <= 2_000 + 20)).toBe(true);
    expect(bodies.flatMap((b) => parseMessageBody(RollupBatchSchema, b, 'rollups').rollups)).toEqual(many);
    const tooMany = Array.from({ length: MAX_ROLLUPS_PER_MESSAGE + 1 }, (_, i) => rollup(`m${i}`));
    expect(rollupBodies(tooMany).map((b) => (JSON.parse(b) as { rollups: unknown[] }).rollups.length)).toEqual([MAX_ROLLUPS_PER_MESSAGE, 1]);
  });

  it('fails the flush when SQS refuses the message', async () => {
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: {} }));
    await expect(createSqsRollupSender({ queueUrl: URL, region: 'eu-west-1', client }).send([rollup('m1')])).rejects.toThrow(CrossCheckError);
  });

  it('reads ten at a time with a short long-poll, and deletes applied messages in batches of ten', async () => {
    const message = (i: number): Message => ({ MessageId: `id${i}`, ReceiptHandle: `rh${i}`, Body: '{}', Attributes: { ApproximateReceiveCount: '2' } });
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [message(1), message(2)] });
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const reader = createSqsRollupReader({ queueUrl: URL, region: 'eu-west-1', client });

    const received = await reader.receive();
    expect(received).toEqual([
      { id: 'id1', receiptHandle: 'rh1', body: '{}', receiveCount: 2 },
      { id: 'id2', receiptHandle: 'rh2', body: '{}', receiveCount: 2 },
    ]);
    expect(sqs).toReceiveCommandWith(ReceiveMessageCommand, { QueueUrl: URL, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });

    await reader.delete(Array.from({ length: 12 }, (_, i) => ({ id: `id${i}`, receiptHandle: `rh${i}`, body: '', receiveCount: 1 })));
    expect(sqs.commandCalls(DeleteMessageBatchCommand).map((c) => c.args[0].input.Entries!.length)).toEqual([10, 2]);
  });

  it('says so when applied messages could not be deleted', async () => {
    sqs.on(DeleteMessageBatchCommand).resolves({ Failed: [{ Id: '0', Code: 'ReceiptHandleIsInvalid', SenderFault: true }] });
    const reader = createSqsRollupReader({ queueUrl: URL, region: 'eu-west-1', client });
    await expect(reader.delete([{ id: 'a', receiptHandle: 'x', body: '', receiveCount: 1 }])).rejects.toThrow('1 applied messages could not be deleted');
  });
});

/** A queue in memory: receive hands out ten at a time; delete removes. */
function memoryQueue(bodies: readonly string[]): RollupQueueReader & { readonly left: () => string[]; readonly receives: () => number } {
  let messages: QueuedMessage[] = bodies.map((body, i) => ({ id: `msg-${i}`, receiptHandle: `rh-${i}`, body, receiveCount: 1 }));
  let cursor = 0;
  let receives = 0;
  return {
    receive: async () => {
      receives += 1;
      const batch = messages.slice(cursor, cursor + 10);
      cursor += batch.length;
      return batch;
    },
    delete: async (done) => {
      const ids = new Set(done.map((m) => m.id));
      messages = messages.filter((m) => !ids.has(m.id));
      cursor = Math.max(0, cursor - done.length);
    },
    left: () => messages.map((m) => m.id),
    receives: () => receives,
  };
}

const body = (...rollups: Rollup[]) => JSON.stringify({ rollups });

describe('drainRollups', () => {
  it('merges every message and writes each monitor\'s hour once, every region of it together, then deletes what is in', async () => {
    const bodies = Array.from({ length: 25 }, (_, i) => body(rollup('m1', i % 2 === 0 ? 'eu-west-1' : 'us-east-1'), rollup('m2', 'eu-west-1', T0, 1, i % 5 === 0 ? 1 : 0)));
    bodies.push(body(rollup('m1', 'eu-west-1', T0 + HOUR)));
    const queue = memoryQueue(bodies);
    const writes: Rollup[][] = [];
    const writer: RollupWriter = { add: async (group) => void writes.push([...group]) };

    const report = await drainRollups({ reader: queue, writer });

    expect(report).toEqual({ messages: 26, invalid: 0, written: 4, writes: 3, failed: 0, deleted: 26, error: null });
    expect(queue.receives()).toBe(4); // three with messages, one empty
    expect(queue.left()).toEqual([]);
    const written = writes.map((group) => group.map((r) => [r.monitorId, r.region, r.hour - T0, r.checks, r.failures, r.histogram]));
    expect(written).toEqual([
      [
        ['m1', 'eu-west-1', 0, 13, 0, { 12: 13 }],
        ['m1', 'us-east-1', 0, 12, 0, { 12: 12 }],
      ],
      [['m2', 'eu-west-1', 0, 25, 5, { 12: 25 }]],
      [['m1', 'eu-west-1', HOUR, 1, 0, { 12: 1 }]],
    ]);
  });

  it('writes through any ResultStore, one add per region, when the store keeps regions apart', async () => {
    const store = recordingStore();
    await drainRollups({ reader: memoryQueue([body(rollup('m1'), rollup('m1', 'us-east-1'))]), writer: rollupWriterOf(store) });
    expect(store.added.map(([key, delta]) => [key.region, delta.checks])).toEqual([
      ['eu-west-1', 1],
      ['us-east-1', 1],
    ]);
  });

  it('leaves a message that does not parse in the queue (for its dead-letter queue), and applies the rest', async () => {
    const queue = memoryQueue([body(rollup('m1')), '{"rollups":[{"monitorId":"m1"}]}', 'not json']);
    const store = recordingStore();
    const invalid: string[] = [];

    const report = await drainRollups({ reader: queue, writer: rollupWriterOf(store), onInvalid: (message) => invalid.push(message.id) });

    expect(report).toMatchObject({ messages: 3, invalid: 2, written: 1, deleted: 1 });
    expect(invalid).toEqual(['msg-1', 'msg-2']);
    expect(queue.left()).toEqual(['msg-1', 'msg-2']);
  });

  it('keeps the messages of an hour whose write failed, and deletes the others', async () => {
    const queue = memoryQueue([body(rollup('m1'), rollup('m2')), body(rollup('m2')), body(rollup('m3'))]);
    const store = recordingStore();
    const failing: ResultStore['addToRollup'] = async (key, delta) => {
      if (key.monitorId === 'm2') throw new CrossCheckError('throttled');
      await store.addToRollup(key, delta);
    };

    const report = await drainRollups({ reader: queue, writer: rollupWriterOf({ addToRollup: failing }) });

    expect(report).toMatchObject({ messages: 3, written: 2, failed: 1, deleted: 1 });
    expect(report.error).toBeInstanceOf(CrossCheckError);
    expect(queue.left()).toEqual(['msg-0', 'msg-1']);
    expect(store.added.map(([key]) => key.monitorId)).toEqual(['m1', 'm3']);
  });

  it('reads at most maxMessages, and stops reading when time is up', async () => {
    const bodies = Array.from({ length: 40 }, (_, i) => body(rollup(`m${i}`)));
    const capped = memoryQueue(bodies);
    expect(await drainRollups({ reader: capped, writer: rollupWriterOf(recordingStore()), maxMessages: 15 })).toMatchObject({ messages: 20, deleted: 20 });
    expect(capped.left()).toHaveLength(20);

    const timed = memoryQueue(bodies);
    let reads = 0;
    expect(await drainRollups({ reader: timed, writer: rollupWriterOf(recordingStore()), timeUp: () => reads++ >= 1 })).toMatchObject({ messages: 10 });
  });
});
