/**
 * The rollups queue (home region): merged rollup deltas from checkers and verifiers in
 * every region, applied in bulk by the aggregator.
 *
 * - Sender: one SendMessage per flush, `{rollups: [...]}`, split only when a set is
 *   larger than a message should be (SQS bills each 64 KB of a request as one request;
 *   a checker invocation's set is a few KB).
 * - Reader: ReceiveMessage (10 at most, as SQS allows) with a short long-poll, so that an
 *   empty answer means an empty queue and not an unlucky sample; DeleteMessageBatch for
 *   the messages applied. A message that is never deleted comes back after the queue's
 *   visibility timeout and, after its redrive count, rests in the dead-letter queue.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CrossCheckError } from '../../../core/errors.ts';
import { MAX_ROLLUPS_PER_MESSAGE } from '../../../core/messages.ts';
import type { Rollup } from '../../../core/rollup.ts';
import { sqsClient } from '../clients.ts';
import { awsStep } from '../errors.ts';
import type { QueuedMessage, RollupQueueReader, RollupSender } from '../../../ports/rollup-queue.ts';

/** Bytes of JSON per message at most: well under SQS's 256 KB, and a few 64 KB billing chunks at worst. */
export const ROLLUP_MESSAGE_BYTES = 192 * 1024;
/** ReceiveMessage and DeleteMessageBatch take ten at most. */
const SQS_BATCH = 10;

export interface SqsRollupQueueOptions {
  readonly queueUrl: string;
  /** The queue's region (the home region). */
  readonly region: string;
  /** @default the container's client for the region */
  readonly client?: SQSClient;
}

/** Message bodies for `rollups`: each `{rollups}` within the byte and entry limits. */
export function rollupBodies(rollups: readonly Rollup[], maxBytes = ROLLUP_MESSAGE_BYTES): string[] {
  const bodies: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  const close = () => {
    if (current.length > 0) bodies.push(`{"rollups":[${current.join(',')}]}`);
    current = [];
    bytes = 0;
  };
  for (const rollup of rollups) {
    const json = JSON.stringify(rollup);
    const size = Buffer.byteLength(json) + 1;
    if (current.length > 0 && (bytes + size > maxBytes || current.length === MAX_ROLLUPS_PER_MESSAGE)) close();
    current.push(json);
    bytes += size;
  }
  close();
  return bodies;
}

export function createSqsRollupSender(options: SqsRollupQueueOptions): RollupSender {
  const client = options.client ?? sqsClient(options.region);
  return {
    async send(rollups) {
      for (const body of rollupBodies(rollups)) {
        await awsStep('rollups to the rollups queue', () => client.send(new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: body })));
      }
    },
  };
}

export function createSqsRollupReader(options: SqsRollupQueueOptions & { readonly waitSeconds?: number }): RollupQueueReader {
  const client = options.client ?? sqsClient(options.region);
  return {
    receive: () =>
      awsStep('rollups queue', async () => {
        const out = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: SQS_BATCH,
            WaitTimeSeconds: options.waitSeconds ?? 1,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
        );
        return (out.Messages ?? []).map((m) => ({
          id: m.MessageId ?? '',
          receiptHandle: m.ReceiptHandle ?? '',
          body: m.Body ?? '',
          receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
        }));
      }),
    async delete(messages) {
      let failed = 0;
      for (let i = 0; i < messages.length; i += SQS_BATCH) {
        const chunk = messages.slice(i, i + SQS_BATCH);
        const out = await awsStep('rollups queue', () =>
          client.send(
            new DeleteMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.receiptHandle })) }),
          ),
        );
        failed += out.Failed?.length ?? 0;
      }
      if (failed > 0) throw new CrossCheckError(`rollups queue: ${failed} applied messages could not be deleted; they will be counted again`);
    },
  };
}
