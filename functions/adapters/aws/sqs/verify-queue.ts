/**
 * VerifyQueue over SQS: a verification request goes to the target region's verify
 * queue as a JSON VerifyRequest, through a client of that region. A region that cannot
 * take it (no queue configured, network down, access denied, queue gone, throttled, SQS
 * failing) is RegionUnavailableError, so that the state machine asks the next region.
 * Only a message SQS refuses on its own merits is a plain error: no region would take it.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CrossCheckError, RegionUnavailableError } from '../../../core/errors.ts';
import type { VerifyQueue } from '../../../ports/queues.ts';
import { sqsClient } from '../clients.ts';
import { errorName } from '../errors.ts';

/** Errors about the message itself, not about the region. */
const MESSAGE_FAULTS = new Set(['InvalidMessageContents', 'AWS.SimpleQueueService.InvalidMessageContents', 'MessageTooLong', 'InvalidParameterValue', 'InvalidParameterValueException']);

export interface SqsVerifyQueueOptions {
  /** Each region's verify queue. */
  readonly queueUrls: Readonly<Record<string, string>>;
  /** @default the container's client for the region */
  readonly clients?: (region: string) => SQSClient;
}

export function createSqsVerifyQueue(options: SqsVerifyQueueOptions): VerifyQueue {
  const clientOf = options.clients ?? sqsClient;
  return {
    async send(region, request) {
      const queueUrl = Object.hasOwn(options.queueUrls, region) ? options.queueUrls[region] : undefined;
      if (queueUrl === undefined) throw new RegionUnavailableError(region);
      try {
        await clientOf(region).send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(request) }));
      } catch (error) {
        const name = errorName(error);
        if (MESSAGE_FAULTS.has(name)) {
          throw new CrossCheckError(`verification request ${request.verificationId} refused by SQS: ${name}: ${(error as Error).message}`, { cause: error });
        }
        throw new RegionUnavailableError(region, { cause: error });
      }
    },
  };
}
