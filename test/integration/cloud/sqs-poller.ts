/**
 * What Lambda's SQS event source mapping does, in small: receive up to ten messages (or
 * `maxMessages`),
 * hand them to the function as one SQS event, delete the ones it did not report as
 * batch item failures. `drain` repeats over every bound queue until a whole round
 * delivers nothing, so that messages sent by one function (a verification request)
 * reach the next one.
 *
 * Options for what goes wrong: an invocation that fails as a whole (a timeout, a crash)
 * deletes nothing (`invocationErrors: 'fail-batch'`; by default its error ends `drain`),
 * and messages that were not deleted come back after `redeliverAfterSeconds` instead of
 * the receive's visibility timeout of 60 s (0: at the next receive, as if that time had
 * passed). `deliverCopies` hands one received batch to several invocations at once, as
 * when a message's visibility timeout runs out while the first is still at work.
 */
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { MOTO_ACCOUNT } from '../../helpers/moto-server.ts';

export interface SqsRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: Record<string, string>;
  readonly messageAttributes: Record<string, never>;
  readonly md5OfBody: string;
  readonly eventSource: 'aws:sqs';
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

export interface SqsEvent {
  readonly Records: readonly SqsRecord[];
}

export interface BatchResponse {
  readonly batchItemFailures: readonly { readonly itemIdentifier: string }[];
}

export type SqsFunction = (event: SqsEvent) => Promise<BatchResponse | void>;

export interface QueueBinding {
  /** e.g. `checker@us-east-1`. */
  readonly name: string;
  readonly region: string;
  readonly queueUrl: string;
  readonly fn: SqsFunction;
}

export interface Delivery {
  readonly binding: string;
  readonly bodies: readonly string[];
  readonly failed: readonly string[];
  /** The invocation's own error, when it failed as a whole (`invocationErrors: 'fail-batch'`). */
  readonly error?: unknown;
}

export interface PollerStats {
  /** ReceiveMessage calls that returned messages: what an event source mapping pays per batch. */
  receives: number;
  /** DeleteMessageBatch calls. */
  deletes: number;
  /** ReceiveMessage calls that came back empty (drain's own checking; an idle mapping long-polls instead). */
  emptyReceives: number;
}

const queueArn = (region: string, queueUrl: string) => `arn:aws:sqs:${region}:${MOTO_ACCOUNT}:${queueUrl.split('/').at(-1)}`;

export function toRecord(message: Message, binding: QueueBinding): SqsRecord {
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: (message.Attributes ?? {}) as Record<string, string>,
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn(binding.region, binding.queueUrl),
    awsRegion: binding.region,
  };
}

export interface PollerOptions {
  /** Messages per receive, and so per delivered batch (an event source's batch size, up to ten here). @default 10 */
  readonly maxMessages?: number;
  /** An invocation that throws: end `drain` with its error, or fail its whole batch as Lambda does. @default 'throw' */
  readonly invocationErrors?: 'throw' | 'fail-batch';
  /** Seconds until a message that was not deleted is visible again. @default the receive's 60 s */
  readonly redeliverAfterSeconds?: number;
}

export function createSqsPoller(clientOf: (region: string) => SQSClient, bindings: readonly QueueBinding[], options: PollerOptions = {}) {
  const stats: PollerStats = { receives: 0, deletes: 0, emptyReceives: 0 };

  async function receive(binding: QueueBinding): Promise<Message[]> {
    const out = await clientOf(binding.region).send(
      new ReceiveMessageCommand({ QueueUrl: binding.queueUrl, MaxNumberOfMessages: options.maxMessages ?? 10, WaitTimeSeconds: 0, VisibilityTimeout: 60, MessageSystemAttributeNames: ['All'] }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) stats.emptyReceives += 1;
    else stats.receives += 1;
    return messages;
  }

  /** Runs the function on the batch `copies` times at once; deletes what no run failed, and sets the others' visibility as configured. */
  async function deliver(binding: QueueBinding, messages: Message[], copies: number): Promise<Delivery> {
    const client = clientOf(binding.region);
    const event = { Records: messages.map((m) => toRecord(m, binding)) };
    const failed = new Set<string>();
    let error: unknown;
    await Promise.all(
      Array.from({ length: copies }, async () => {
        try {
          const response = await binding.fn(event);
          for (const f of response?.batchItemFailures ?? []) failed.add(f.itemIdentifier);
        } catch (thrown) {
          if ((options.invocationErrors ?? 'throw') === 'throw') throw thrown;
          error ??= thrown;
          for (const m of messages) failed.add(m.MessageId!);
        }
      }),
    );
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    if (done.length > 0) {
      stats.deletes += 1;
      await client.send(
        new DeleteMessageBatchCommand({ QueueUrl: binding.queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
      );
    }
    const back = messages.filter((m) => failed.has(m.MessageId!));
    if (back.length > 0 && options.redeliverAfterSeconds !== undefined) {
      await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: binding.queueUrl,
          Entries: back.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: options.redeliverAfterSeconds! })),
        }),
      );
    }
    return { binding: binding.name, bodies: messages.map((m) => m.Body ?? ''), failed: [...failed], ...(error === undefined ? {} : { error }) };
  }

  async function pollOnce(binding: QueueBinding): Promise<Delivery | null> {
    const messages = await receive(binding);
    return messages.length === 0 ? null : deliver(binding, messages, 1);
  }

  return {
    stats,
    /** Delivers until every queue is empty; returns every delivery in order. */
    async drain(maxRounds = 20): Promise<Delivery[]> {
      const deliveries: Delivery[] = [];
      for (let round = 0; round < maxRounds; round += 1) {
        let delivered = false;
        for (const binding of bindings) {
          const delivery = await pollOnce(binding);
          if (delivery !== null) {
            deliveries.push(delivery);
            delivered = true;
          }
        }
        if (!delivered) return deliveries;
      }
      throw new Error(`queues still had messages after ${maxRounds} rounds`);
    },
    /** Receives one batch from the binding named `name` and hands it to `copies` invocations at once; null when its queue is empty. */
    async deliverCopies(name: string, copies: number): Promise<Delivery | null> {
      const binding = bindings.find((b) => b.name === name);
      if (binding === undefined) throw new Error(`no binding named ${name}`);
      const messages = await receive(binding);
      return messages.length === 0 ? null : deliver(binding, messages, copies);
    },
  };
}
