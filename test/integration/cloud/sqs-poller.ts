/**
 * What Lambda's SQS event source mapping does, in small: receive up to ten messages (or
 * `maxMessages`),
 * hand them to the function as one SQS event, delete the ones it did not report as
 * batch item failures. `drain` repeats over every bound queue until a whole round
 * delivers nothing, so that messages sent by one function (a verification request)
 * reach the next one.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
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

function toRecord(message: Message, binding: QueueBinding): SqsRecord {
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
}

export function createSqsPoller(clientOf: (region: string) => SQSClient, bindings: readonly QueueBinding[], options: PollerOptions = {}) {
  const stats: PollerStats = { receives: 0, deletes: 0, emptyReceives: 0 };

  async function pollOnce(binding: QueueBinding): Promise<Delivery | null> {
    const client = clientOf(binding.region);
    const out = await client.send(
      new ReceiveMessageCommand({ QueueUrl: binding.queueUrl, MaxNumberOfMessages: options.maxMessages ?? 10, WaitTimeSeconds: 0, VisibilityTimeout: 60, MessageSystemAttributeNames: ['All'] }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) {
      stats.emptyReceives += 1;
      return null;
    }
    stats.receives += 1;
    const response = await binding.fn({ Records: messages.map((m) => toRecord(m, binding)) });
    const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    if (done.length > 0) {
      stats.deletes += 1;
      await client.send(
        new DeleteMessageBatchCommand({ QueueUrl: binding.queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
      );
    }
    return { binding: binding.name, bodies: messages.map((m) => m.Body ?? ''), failed: [...failed] };
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
  };
}
