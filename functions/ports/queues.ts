import type { CheckJob, VerifyRequest } from '../core/jobs.ts';

export interface ScheduledJob {
  readonly job: CheckJob;
  /** 0..900 s. */
  readonly delaySeconds: number;
}

export interface JobQueue {
  /** Sends every job to its region's checks queue. Partial failures are retried; what still fails throws. */
  send(jobs: readonly ScheduledJob[]): Promise<void>;
}

export interface VerifyQueue {
  /** Sends the request to `region`'s verifier. RegionUnavailableError when it cannot be reached. */
  send(region: string, request: VerifyRequest): Promise<void>;
}
