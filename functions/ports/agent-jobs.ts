import type { AgentJob } from '../core/agents/agent-job.ts';

/**
 * The jobs waiting for each agent location: in memory locally, an SQS queue per agent in
 * AWS. A job an agent received is `issued` until its result is claimed (or it expires),
 * so that only results for jobs the hub actually gave that agent are accepted.
 */
export interface AgentJobQueue {
  /** Queues the job for `job.location`, visible after `delaySeconds`. */
  send(job: AgentJob, delaySeconds: number): Promise<void>;
  /** Up to `max` jobs for `location`, waiting up to `waitMs` for the first; they become issued. */
  receive(location: string, max: number, waitMs: number, signal?: AbortSignal): Promise<readonly AgentJob[]>;
  /** The issued job `jobId` of `location`, removed; null when none such was issued (or it expired). */
  claim(location: string, jobId: string): Promise<AgentJob | null>;
}
