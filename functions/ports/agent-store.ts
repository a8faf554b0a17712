import type { Agent } from '../core/agents/agent.ts';

/** A signed result an agent posted, kept as evidence (and, by its job id, against replays). */
export interface AgentResultRecord {
  /** The job the result answers: unique, so a replayed result is refused. */
  readonly jobId: string;
  readonly agent: string;
  readonly monitorId: string;
  /** RFC 3339, when the hub accepted it. */
  readonly receivedAt: string;
  /** The compact JWS exactly as the agent signed it. */
  readonly jws: string;
}

/** Enrolled probe agents and the signed results they posted. */
export interface AgentStore {
  /** ConflictError when an agent of that name exists (revoked ones included: names are never reused). */
  create(agent: Agent): Promise<void>;
  get(name: string): Promise<Agent | null>;
  /** The agent whose token hashes to `tokenSha256`, revoked or not. */
  byTokenSha256(tokenSha256: string): Promise<Agent | null>;
  /** Every agent, by name. */
  list(): Promise<readonly Agent[]>;
  /** Replaces the stored agent of that name; NotFoundError when there is none. */
  update(agent: Agent): Promise<void>;
  /** ConflictError when a result for this job id is stored already (a replay). */
  putResult(record: AgentResultRecord): Promise<void>;
  getResult(jobId: string): Promise<AgentResultRecord | null>;
}
