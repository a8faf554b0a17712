/**
 * A result an agent posts to the hub: a compact JWS (ES256) by the agent's own key over
 * `{jobId, monitorId, location, kind, iat, result}`. Accepted only when, in this order:
 * 1. the signature verifies against the key the agent registered (`kid` names it);
 * 2. the payload is well formed and speaks for this agent's location;
 * 3. the monitor exists and lists the agent among its locations;
 * 4. no result for that job was accepted before (a replay changes nothing);
 * 5. the hub issued that job to this agent and it has not expired.
 * Each refusal names its reason and changes nothing. An accepted result is stored as
 * signed (the evidence, and the guard against replays), then enters the same services
 * as a checker's or a verifier's result, carrying its JWS (`signed`) into the stored
 * result and into any incident's evidence document, whose SHA-256 the ledger entry signs.
 */
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import type { Agent } from '../core/agents/agent.ts';
import { AGENT_RESULT_TYP, AgentResultPayloadSchema, type AgentResultPayload } from '../core/agents/agent-job.ts';
import type { CheckResult } from '../core/check-result.ts';
import { ConflictError, CrossCheckError, ValidationError } from '../core/errors.ts';
import { monitorRegions } from '../core/schedule.ts';
import { toFieldIssues } from '../core/monitor.ts';
import type { AgentJobQueue } from '../ports/agent-jobs.ts';
import type { AgentStore } from '../ports/agent-store.ts';
import { judgeCheckResult, type CheckJobOutcome } from './check-job.ts';
import type { ServiceDeps } from './deps.ts';
import { judgeVerification, type VerifyOutcome } from './verify-request.ts';

/** Why a signed result was refused; the API maps each to its status. */
export type AgentResultRefusal = 'signature' | 'malformed' | 'location' | 'not-assigned' | 'replay' | 'not-issued';

export class AgentResultRefusedError extends CrossCheckError {
  readonly reason: AgentResultRefusal;
  constructor(reason: AgentResultRefusal, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

export interface AgentResultDeps extends ServiceDeps {
  readonly agents: AgentStore;
  readonly agentJobs: AgentJobQueue;
}

export type AgentResultOutcome =
  | { readonly kind: 'check'; readonly jobId: string; readonly outcome: CheckJobOutcome }
  | { readonly kind: 'verification'; readonly jobId: string; readonly outcome: VerifyOutcome };

/** The result with its signed form attached: what the hub stores and what evidence carries. */
export type SignedCheckResult = CheckResult & { readonly signed: string };

export async function acceptAgentResult(deps: AgentResultDeps, agent: Agent, jws: unknown): Promise<AgentResultOutcome> {
  if (typeof jws !== 'string') throw new ValidationError([{ path: 'jws', message: 'must be the compact JWS of the result (a string)' }]);
  const payload = await verifiedPayload(agent, jws);
  if (payload.location !== agent.name) {
    throw new AgentResultRefusedError('location', `location: the result speaks for ${payload.location}, but this token is agent ${agent.name}'s`);
  }
  if (payload.result.region !== agent.name) {
    throw new AgentResultRefusedError('location', `result.region: must be ${agent.name}, the agent's location (got ${payload.result.region})`);
  }
  const monitor = await deps.monitors.get(payload.monitorId);
  if (monitor === null || !monitorRegions(monitor, deps.regions).includes(agent.name)) {
    throw new AgentResultRefusedError('not-assigned', `monitorId: monitor ${payload.monitorId} is not assigned to agent ${agent.name}`);
  }
  if ((await deps.agents.getResult(payload.jobId)) !== null) {
    throw new AgentResultRefusedError('replay', `jobId: a result for job ${payload.jobId} was accepted already; a replay changes nothing`);
  }
  const job = await deps.agentJobs.claim(agent.name, payload.jobId);
  if (job === null || job.monitor.id !== payload.monitorId || job.kind !== payload.kind) {
    throw new AgentResultRefusedError('not-issued', `jobId: job ${payload.jobId} was not issued to agent ${agent.name}, or it expired`);
  }
  try {
    await deps.agents.putResult({ jobId: payload.jobId, agent: agent.name, monitorId: monitor.id, receivedAt: new Date(deps.clock.now()).toISOString(), jws });
  } catch (error) {
    if (error instanceof ConflictError) throw new AgentResultRefusedError('replay', `jobId: a result for job ${payload.jobId} was accepted already`, { cause: error });
    throw error;
  }
  const result: SignedCheckResult = { ...(payload.result as CheckResult), signed: jws };
  if (job.kind === 'verification' && job.verification !== undefined) {
    const v = job.verification;
    const request = { verificationId: v.verificationId, monitor: job.monitor, fromRegion: v.fromRegion, primary: v.primary, tried: v.tried, requestedAt: v.requestedAt };
    return { kind: 'verification', jobId: job.jobId, outcome: await judgeVerification(deps, request, agent.name, result) };
  }
  const outcome = await judgeCheckResult(deps, { jobId: job.jobId, monitor: job.monitor, region: agent.name, scheduledFor: job.scheduledFor }, result);
  return { kind: 'check', jobId: job.jobId, outcome };
}

async function verifiedPayload(agent: Agent, jws: string): Promise<AgentResultPayload> {
  if (agent.publicJwk === null) throw new AgentResultRefusedError('signature', `agent ${agent.name} has no key registered yet: PUT /v1/agent/key first`);
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new ValidationError([{ path: 'jws', message: 'is not a compact JWS (three base64url parts separated by dots)' }]);
  }
  if (header.alg !== 'ES256') throw new AgentResultRefusedError('signature', `jws: alg must be ES256, not ${String(header.alg)}`);
  if (header.kid !== agent.publicJwk.kid) {
    throw new AgentResultRefusedError('signature', `jws: signed by an unknown key (kid ${String(header.kid)}); agent ${agent.name}'s key is ${agent.publicJwk.kid}`);
  }
  if (header.typ !== AGENT_RESULT_TYP) throw new ValidationError([{ path: 'jws', message: `typ must be ${AGENT_RESULT_TYP}` }]);
  let bytes: Uint8Array;
  try {
    const key = await importJWK({ kty: 'EC', crv: 'P-256', x: agent.publicJwk.x, y: agent.publicJwk.y }, 'ES256');
    ({ payload: bytes } = await compactVerify(jws, key, { algorithms: ['ES256'] }));
  } catch (error) {
    throw new AgentResultRefusedError('signature', `jws: the signature does not verify against agent ${agent.name}'s key`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ValidationError([{ path: 'jws', message: 'the payload is not JSON' }]);
  }
  const parsed = AgentResultPayloadSchema.safeParse(json);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, 'payload'));
  return parsed.data;
}
