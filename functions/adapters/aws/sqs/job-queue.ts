/**
 * JobQueue over SQS: each job goes to its region's checks queue as a JSON CheckJob,
 * with `DelaySeconds` to spread checks over the minute. SendMessageBatch takes ten
 * entries; entries SQS reports as failed are retried on their own, a few rounds with
 * backoff (entries failed by the sender's fault are not: they would fail again).
 * Every chunk is tried; what still failed is then thrown together.
 */
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { CrossCheckError } from '../../../core/errors.ts';
import type { CheckJob } from '../../../core/jobs.ts';
import type { JobQueue, ScheduledJob } from '../../../ports/queues.ts';
import { sqsClient } from '../clients.ts';
import { errorName } from '../errors.ts';

/** SendMessageBatch's limit. */
export const SQS_BATCH = 10;
/** SQS's longest delay. */
export const MAX_DELAY_SECONDS = 900;
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
}

interface Failure {
  readonly region: string;
  readonly jobId: string;
  readonly reason: string;
}

export function delayOf(seconds: number): number {
  return Number.isFinite(seconds) ? Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.round(seconds))) : 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSqsJobQueue(options: SqsJobQueueOptions): JobQueue {
  const clientOf = options.clients ?? sqsClient;
  const retries = options.retries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 100;

  /** Sends one batch (at most ten jobs of one region); returns the entries that never got in. */
  async function sendBatch(region: string, queueUrl: string, jobs: readonly ScheduledJob[]): Promise<Failure[]> {
    const client = clientOf(region);
    const entries = new Map<string, { entry: SendMessageBatchRequestEntry; job: CheckJob }>();
    jobs.forEach(({ job, delaySeconds }, i) => {
      entries.set(String(i), { job, entry: { Id: String(i), MessageBody: JSON.stringify(job), DelaySeconds: delayOf(delaySeconds) } });
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
        return [...failures, ...pending.map((id) => ({ region, jobId: entries.get(id)!.job.jobId, reason }))];
      }
      const retryable: string[] = [];
      for (const failed of out.Failed ?? []) {
        const id = failed.Id ?? '';
        const job = entries.get(id)?.job;
        if (job === undefined) continue;
        const reason = `${failed.Code ?? 'failed'}${failed.Message ? `: ${failed.Message}` : ''}`;
        if (failed.SenderFault || round === retries) failures.push({ region, jobId: job.jobId, reason });
        else retryable.push(id);
      }
      pending = retryable;
    }
    return failures;
  }

  return {
    async send(jobs) {
      const failures: Failure[] = [];
      const batches: { region: string; queueUrl: string; jobs: ScheduledJob[] }[] = [];
      const byRegion = new Map<string, ScheduledJob[]>();
      for (const scheduled of jobs) {
        const list = byRegion.get(scheduled.job.region) ?? [];
        list.push(scheduled);
        byRegion.set(scheduled.job.region, list);
      }
      for (const [region, regionJobs] of byRegion) {
        const queueUrl = Object.hasOwn(options.queueUrls, region) ? options.queueUrls[region] : undefined;
        if (queueUrl === undefined) {
          failures.push(...regionJobs.map(({ job }) => ({ region, jobId: job.jobId, reason: 'no checks queue is configured for the region' })));
          continue;
        }
        for (let i = 0; i < regionJobs.length; i += SQS_BATCH) batches.push({ region, queueUrl, jobs: regionJobs.slice(i, i + SQS_BATCH) });
      }
      let next = 0;
      const worker = async () => {
        while (next < batches.length) {
          const batch = batches[next++]!;
          failures.push(...(await sendBatch(batch.region, batch.queueUrl, batch.jobs)));
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batches.length) }, worker));
      if (failures.length > 0) {
        const byReason = new Map<string, number>();
        for (const f of failures) byReason.set(`${f.region}: ${f.reason}`, (byReason.get(`${f.region}: ${f.reason}`) ?? 0) + 1);
        const detail = [...byReason].map(([reason, count]) => `${count} (${reason})`).join('; ');
        throw new CrossCheckError(`${failures.length} of ${jobs.length} check jobs not sent: ${detail}`);
      }
    },
  };
}
