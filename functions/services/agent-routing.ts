/**
 * Agents are locations like regions: the scheduler's jobs and the state machine's
 * verification requests for a location that is not a configured region go to that
 * agent's job queue instead. A verification is only sent to an agent that is reachable
 * (enrolled, not revoked, key registered, seen within 3 intervals of the monitor); any
 * other agent is RegionUnavailableError, so that the state machine falls back to the next
 * location exactly as for a region that cannot be reached (ARCHITECTURE section 4).
 */
import { agentReachable } from '../core/agents/agent.ts';
import type { AgentJob } from '../core/agents/agent-job.ts';
import { RegionUnavailableError } from '../core/errors.ts';
import type { AgentJobQueue } from '../ports/agent-jobs.ts';
import type { AgentStore } from '../ports/agent-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { JobQueue, VerifyQueue } from '../ports/queues.ts';

export interface AgentRoutingDeps {
  readonly agents: AgentStore;
  readonly agentJobs: AgentJobQueue;
  readonly clock: Clock;
  /** The configured regions: every other location name is an agent's. */
  readonly regions: readonly string[];
}

export function isAgentLocation(location: string, regions: readonly string[]): boolean {
  return !regions.includes(location);
}

/** Jobs for configured regions go to `regionJobs`, the rest to their agent's queue. */
export function agentAwareJobQueue(regionJobs: JobQueue, deps: AgentRoutingDeps): JobQueue {
  return {
    async send(jobs) {
      const own = jobs.filter(({ job }) => !isAgentLocation(job.region, deps.regions));
      if (own.length > 0) await regionJobs.send(own);
      for (const { job, delaySeconds } of jobs) {
        if (!isAgentLocation(job.region, deps.regions)) continue;
        const agentJob: AgentJob = { jobId: job.jobId, kind: 'check', location: job.region, monitor: job.monitor, scheduledFor: job.scheduledFor };
        await deps.agentJobs.send(agentJob, delaySeconds);
      }
    },
  };
}

/** Verification requests for configured regions go to `regionVerify`; an agent gets one only while reachable. */
export function agentAwareVerifyQueue(regionVerify: VerifyQueue, deps: AgentRoutingDeps): VerifyQueue {
  return {
    async send(location, request) {
      if (!isAgentLocation(location, deps.regions)) return regionVerify.send(location, request);
      const agent = await deps.agents.get(location);
      if (!agentReachable(agent, request.monitor.intervalSeconds, deps.clock.now())) throw new RegionUnavailableError(location);
      const job: AgentJob = {
        jobId: `verify:${request.verificationId}:${location}`,
        kind: 'verification',
        location,
        monitor: request.monitor,
        scheduledFor: new Date(deps.clock.now()).toISOString(),
        verification: {
          verificationId: request.verificationId,
          fromRegion: request.fromRegion,
          primary: request.primary,
          tried: request.tried,
          requestedAt: request.requestedAt,
        },
      };
      await deps.agentJobs.send(job, 0);
    },
  };
}
