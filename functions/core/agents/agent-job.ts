/**
 * What travels between the hub and an agent: the jobs an agent pulls, and the payload of
 * the JWS it signs for each result.
 */
import * as z from 'zod';
import { CheckResultSchema, type CheckResult } from '../check-result.ts';
import type { Monitor } from '../monitor.ts';

export type AgentJobKind = 'check' | 'verification';

/** A check for an agent location to run: a scheduled one, or the re-check of a failure seen elsewhere. */
export interface AgentJob {
  readonly jobId: string;
  readonly kind: AgentJobKind;
  /** The agent's location name. */
  readonly location: string;
  readonly monitor: Monitor;
  /** RFC 3339: when the check is due. */
  readonly scheduledFor: string;
  /** For a verification: what the state machine needs back when the answer comes. Never sent to the agent. */
  readonly verification?: {
    readonly verificationId: string;
    readonly fromRegion: string;
    readonly primary: CheckResult;
    readonly tried: readonly string[];
    readonly requestedAt: string;
  };
}

/** The `typ` of the JWS an agent signs for one result (RFC 7515, without `application/`). */
export const AGENT_RESULT_TYP = 'crosscheck-agent-result+jws';

/** The payload an agent signs: which job, which monitor, from where, and what it saw. */
export const AgentResultPayloadSchema = z.strictObject({
  jobId: z.string().min(1).max(300),
  monitorId: z.string().min(1).max(200),
  location: z.string().min(1).max(63),
  kind: z.enum(['check', 'verification']),
  /** Seconds since the epoch, when the agent signed. */
  iat: z.number().int().positive(),
  result: CheckResultSchema,
});
export type AgentResultPayload = z.output<typeof AgentResultPayloadSchema>;

/** The job as an agent sees it: the monitor's definition to check, nothing of other locations' results. */
export function agentJobView(job: AgentJob): Omit<AgentJob, 'verification'> {
  const { verification: _verification, ...rest } = job;
  return rest;
}
