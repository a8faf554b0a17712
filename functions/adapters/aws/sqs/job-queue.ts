/**
 * JobQueue over SQS: each region's jobs go to that region's checks queue, in the waves
 * the core decides (core/waves.ts: which jobs travel together and when each wave is
 * delivered). This adapter only turns a wave into messages `{jobs: [...]}` within SQS'
 * limits (at most MAX_JOBS_PER_MESSAGE jobs and MESSAGE_BYTES each), with `DelaySeconds`
 * the wave's delay. With `maxWaveSeconds` 1 a wave is the jobs due in the same second;
 * with 20, a region's 60 s monitors leave in three messages a minute instead of one per
 * monitor, and the checker runs each message's jobs concurrently in one invocation.
 *
 * SendMessageBatch takes ten entries and 256 KB; entries SQS reports as failed are
 * retried on their own, a few rounds with backoff (entries failed by the sender's
 * fault are not: they would fail again). Every batch is tried; what still failed is
 * then thrown together, naming the jobs.
 */
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { CrossCheckError } from '../../../core/errors.ts';
import { MAX_JOBS_PER_MESSAGE } from '../../../core/messages.ts';
import { groupIntoWaves, type Wave } from '../../../core/waves.ts';
import type { JobQueue, ScheduledJob } from '../../../ports/queues.ts';
import { sqsClient } from '../clients.ts';
import { errorName } from '../errors.ts';

/** SendMessageBatch's limit. */
export const SQS_BATCH = 10;
/** JSON bytes of one message at most: one 64 KB billing chunk, far below SQS's limit. */
export const MESSAGE_BYTES = 60 * 1024;
/** Bytes of one SendMessageBatch at most (SQS: 256 KB for the whole batch). */
const BATCH_BYTES = 240 * 1024;
/** Batches in flight at once. */
const CONCURRENCY = 8;

export interface SqsJobQueueOptions {
  /** Each region's checks queue. */
  readonly queueUrls: Readonly<Record<string, string>>;
  /** @default the container's client for the region */
  readonly clients?: (region: string) => SQSClient;
  /** Rounds of sending a batch's failed entries again. @default 3 */
  readonly retries?: number;
  /** Wait before the first retry round, doubled each round. @default 100 */
  readonly retryDelayMs?: number;
  /** The longest wave, in seconds (see core/waves.ts). @default 1: only jobs due in the same second travel together */
  readonly maxWaveSeconds?: number;
  /** When the delays start counting (the send). @default the system clock */
  readonly clock?: { now(): number };
}

/** One SQS message: some jobs of one region, delivered together. */
export interface JobMessage {
  readonly region: string;
  readonly delaySeconds: number;
  readonly jobIds: readonly string[];
  readonly body: string;
}

interface Failure {
  readonly region: string;
  readonly jobIds: readonly string[];
  readonly reason: string;
}

/** The messages for `jobs` sent at `nowMs`: the core's waves, each within the job and byte limits. */
export function packJobs(jobs: readonly ScheduledJob[], maxWaveSeconds = 1, nowMs = Date.now()): JobMessage[] {
  return groupIntoWaves(jobs, maxWaveSeconds, nowMs).flatMap(messagesOfWave);
}

/** One wave's messages: its jobs in order, at most MAX_JOBS_PER_MESSAGE and MESSAGE_BYTES each. */
export function messagesOfWave({ region, delaySeconds, jobs }: Wave): JobMessage[] {
  const messages: JobMessage[] = [];
  let parts: string[] = [];
  let ids: string[] = [];
  let bytes = 0;
  const close = () => {
    if (parts.length > 0) messages.push({ region, delaySeconds, jobIds: ids, body: `{"jobs":[${parts.join(',')}]}` });
    parts = [];
    ids = [];
    bytes = 0;
  };
  for (const { job } of jobs) {
    const json = JSON.stringify(job);
    const size = Buffer.byteLength(json) + 1;
    if (parts.length === MAX_JOBS_PER_MESSAGE || (parts.length > 0 && bytes + size > MESSAGE_BYTES)) close();
    parts.push(json);
    ids.push(job.jobId);
    bytes += size;
  }
  close();
  return messages;
}

/** Ten messages at most, and BATCH_BYTES at most, per SendMessageBatch. */
function batchesOf(messages: readonly JobMessage[]): JobMessage[][] {
  const batches: JobMessage[][] = [];
  let current: JobMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.body);
    if (current.length === SQS_BATCH || (current.length > 0 && bytes + size > BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSqsJobQueue(options: SqsJobQueueOptions): JobQueue {
  const clientOf = options.clients ?? sqsClient;
  const retries = options.retries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 100;

  /** Sends one batch (messages of one region); returns the messages that never got in. */
  async function sendBatch(region: string, queueUrl: string, messages: readonly JobMessage[]): Promise<Failure[]> {
    const client = clientOf(region);
    const entries = new Map<string, { entry: SendMessageBatchRequestEntry; message: JobMessage }>();
    messages.forEach((message, i) => {
      entries.set(String(i), { message, entry: { Id: String(i), MessageBody: message.body, DelaySeconds: message.delaySeconds } });
    });
    const failures: Failure[] = [];
    let pending = [...entries.keys()];
    for (let round = 0; pending.length > 0; round += 1) {
      if (round > 0) await sleep(retryDelayMs * 2 ** (round - 1));
      let out;
      try {
        out = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map((id) => entries.get(id)!.entry) }));
      } catch (error) {
        // The SDK has retried the request itself already; the whole batch is lost.
        const reason = `${errorName(error) || 'Error'}: ${(error as Error).message}`;
        return [...failures, ...pending.map((id) => ({ region, jobIds: entries.get(id)!.message.jobIds, reason }))];
      }
      const retryable: string[] = [];
      for (const failed of out.Failed ?? []) {
        const id = failed.Id ?? '';
        const message = entries.get(id)?.message;
        if (message === undefined) continue;
        const reason = `${failed.Code ?? 'failed'}${failed.Message ? `: ${failed.Message}` : ''}`;
        if (failed.SenderFault || round === retries) failures.push({ region, jobIds: message.jobIds, reason });
        else retryable.push(id);
      }
      pending = retryable;
    }
    return failures;
  }

  return {
    async send(jobs) {
      const failures: Failure[] = [];
      const batches: { region: string; queueUrl: string; messages: JobMessage[] }[] = [];
      const byRegion = new Map<string, JobMessage[]>();
      for (const message of packJobs(jobs, options.maxWaveSeconds ?? 1, (options.clock ?? Date).now())) {
        const list = byRegion.get(message.region) ?? [];
        list.push(message);
        byRegion.set(message.region, list);
      }
      for (const [region, messages] of byRegion) {
        const queueUrl = Object.hasOwn(options.queueUrls, region) ? options.queueUrls[region] : undefined;
        if (queueUrl === undefined) {
          failures.push(...messages.map((m) => ({ region, jobIds: m.jobIds, reason: 'no checks queue is configured for the region' })));
          continue;
        }
        for (const batch of batchesOf(messages)) batches.push({ region, queueUrl, messages: batch });
      }
      let next = 0;
      const worker = async () => {
        while (next < batches.length) {
          const batch = batches[next++]!;
          failures.push(...(await sendBatch(batch.region, batch.queueUrl, batch.messages)));
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batches.length) }, worker));
      if (failures.length > 0) {
        const byReason = new Map<string, number>();
        for (const f of failures) byReason.set(`${f.region}: ${f.reason}`, (byReason.get(`${f.region}: ${f.reason}`) ?? 0) + f.jobIds.length);
        const detail = [...byReason].map(([reason, count]) => `${count} (${reason})`).join('; ');
        const lost = failures.reduce((sum, f) => sum + f.jobIds.length, 0);
        throw new CrossCheckError(`${lost} of ${jobs.length} check jobs not sent: ${detail}`);
      }
    },
  };
}
