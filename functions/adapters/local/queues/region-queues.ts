/** JobQueue and VerifyQueue over one InProcessQueue per region, as SQS has one queue per region. */
import { CrossCheckError, RegionUnavailableError } from '../../../core/errors.ts';
import type { CheckJob, VerifyRequest } from '../../../core/jobs.ts';
import type { JobQueue, VerifyQueue } from '../../../ports/queues.ts';
import type { InProcessQueue } from './in-process-queue.ts';

export type QueuesByRegion<T> = ReadonlyMap<string, InProcessQueue<T>> | Readonly<Record<string, InProcessQueue<T>>>;

function queueOf<T>(queues: QueuesByRegion<T>, region: string): InProcessQueue<T> | undefined {
  if (queues instanceof Map) return queues.get(region);
  const record = queues as Readonly<Record<string, InProcessQueue<T>>>;
  return Object.hasOwn(record, region) ? record[region] : undefined;
}

/**
 * Routes each job to its region's queue with its delay. Jobs for regions without a queue
 * are not sent; the others are, and then a CrossCheckError names what was left out.
 */
export function createLocalJobQueue(queues: QueuesByRegion<CheckJob>): JobQueue {
  return {
    send(jobs) {
      const failed = new Map<string, number>();
      let cause: unknown;
      for (const { job, delaySeconds } of jobs) {
        const queue = queueOf(queues, job.region);
        try {
          if (queue === undefined) throw new RegionUnavailableError(job.region);
          queue.send(job, delaySeconds);
        } catch (error) {
          cause ??= error;
          failed.set(job.region, (failed.get(job.region) ?? 0) + 1);
        }
      }
      if (failed.size === 0) return Promise.resolve();
      const detail = [...failed].map(([region, count]) => `${count} for region ${region}`).join(', ');
      return Promise.reject(new CrossCheckError(`check jobs not sent: ${detail} (no checks queue there)`, { cause }));
    },
  };
}

export interface LocalVerifyQueueOptions {
  /** Regions to treat as unreachable (read at each send, so tests can change it). */
  readonly unavailable?: ReadonlySet<string>;
}

/** Sends a verification request to the region's queue; RegionUnavailableError when it has none, is marked unavailable, or is closed. */
export function createLocalVerifyQueue(queues: QueuesByRegion<VerifyRequest>, options: LocalVerifyQueueOptions = {}): VerifyQueue {
  return {
    send(region, request) {
      const queue = queueOf(queues, region);
      if (queue === undefined || options.unavailable?.has(region)) return Promise.reject(new RegionUnavailableError(region));
      try {
        queue.send(request);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(new RegionUnavailableError(region, { cause: error }));
      }
    },
  };
}
