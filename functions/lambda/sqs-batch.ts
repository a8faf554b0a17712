/**
 * An SQS batch as Lambda delivers it: each message validated with its zod schema, then
 * handled; all messages of the batch at once (Powertools' BatchProcessor runs the record
 * handlers concurrently). The answer lists the failed messages
 * (`ReportBatchItemFailures`): only those come back, and after maxReceiveCount receives
 * they rest in the dead-letter queue. A bad message is logged and reported, never
 * silently dropped.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { parseMessageBody } from '../core/messages.ts';
import { errorFields } from './observability.ts';

export interface SqsBatchOptions<T> {
  /** What a message is, for logs and errors: `check job`. */
  readonly what: string;
  readonly schema: z.ZodType<T>;
  readonly logger: Logger;
  /** Handles one valid message; throwing marks the message failed. */
  handle(message: T, record: SQSRecord): Promise<void>;
  /**
   * Runs once the batch's messages are handled (e.g. sending the batch's merged rollups).
   * When it throws, every message of the batch is reported failed: their work comes back.
   */
  flush?(): Promise<void>;
  /** Runs after every batch, whatever happened (e.g. waiting for webhook deliveries). */
  after?(): Promise<void>;
}

export function sqsBatch<T>(options: SqsBatchOptions<T>): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const { logger, what } = options;

  async function onRecord(record: SQSRecord): Promise<void> {
    let message: T;
    try {
      message = parseMessageBody(options.schema, record.body, what.replaceAll(' ', '_'));
    } catch (error) {
      logger.error(`bad ${what} message`, { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, ...errorFields(error) });
      throw error;
    }
    try {
      await options.handle(message, record);
    } catch (error) {
      logger.error(`${what} failed`, { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, ...errorFields(error) });
      throw error;
    }
  }

  return async (event, context) => {
    try {
      // A batch where every message failed is reported like any other (not thrown):
      // the function's Errors metric then means crashes, and the DLQ alarm means messages that keep failing.
      const response = await processPartialResponse(event, onRecord, processor, { context, processInParallel: true, throwOnFullBatchFailure: false });
      try {
        await options.flush?.();
      } catch (error) {
        logger.error(`${what} batch could not be completed`, { messages: event.Records.length, ...errorFields(error) });
        return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) };
      }
      return response;
    } finally {
      await options.after?.();
    }
  };
}
