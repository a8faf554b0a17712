/**
 * Probe agents as the operator manages them: enrol (a fresh token, kept only as its
 * SHA-256), list, revoke; and as an agent meets the hub: authenticate by token, register
 * its public key once, be seen. Enrolment, key registration and revocation are ledger
 * entries (`agent.registered`, `agent.key`, `agent.revoked`), written before the store
 * changes, as monitor changes are: a ledger that cannot be written blocks the change.
 */
import { randomBytes } from 'node:crypto';
import {
  AGENT_TOKEN_PATTERN,
  AGENT_TOKEN_PREFIX,
  AgentEnrolmentSchema,
  AgentPublicJwkSchema,
  agentTokenSha256,
  ecThumbprint,
  type Agent,
  type AgentPublicJwk,
} from '../core/agents/agent.ts';
import { ConflictError, CrossCheckError, NotFoundError, ValidationError } from '../core/errors.ts';
import { toFieldIssues } from '../core/monitor.ts';
import type { AgentStore } from '../ports/agent-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { LedgerWriter } from '../ports/ledger-writer.ts';

export interface AgentServiceDeps {
  readonly agents: AgentStore;
  readonly ledgerWriter: LedgerWriter;
  readonly clock: Clock;
  /** The configured regions: an agent may not take one of their names. */
  readonly regions: readonly string[];
}

/** An agent's token was refused: unknown, malformed or revoked. The message says which, never the token. */
export class AgentAuthError extends CrossCheckError {}

/** How often at most an agent's `lastSeenAt` is written (every request updates the one kept in memory). */
export const SEEN_WRITE_EVERY_MS = 5_000;

export async function enrolAgent(deps: AgentServiceDeps, input: unknown): Promise<{ agent: Agent; token: string }> {
  const parsed = AgentEnrolmentSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error));
  const { name } = parsed.data;
  if (deps.regions.includes(name)) {
    throw new ConflictError(`name: ${name} is a configured region; an agent needs a location name of its own`);
  }
  if ((await deps.agents.get(name)) !== null) {
    throw new ConflictError(`name: an agent named '${name}' exists already (names of revoked agents are not reused: results signed under them stay theirs)`);
  }
  const token = `${AGENT_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const agent: Agent = {
    name,
    tokenSha256: agentTokenSha256(token),
    createdAt: new Date(deps.clock.now()).toISOString(),
    revokedAt: null,
    publicJwk: null,
    lastSeenAt: null,
    version: null,
  };
  await deps.ledgerWriter.append({ type: 'agent.registered', key: `agent.registered:${name}`, body: { agent: { name } } });
  await deps.agents.create(agent);
  return { agent, token };
}

export async function revokeAgent(deps: AgentServiceDeps, name: string): Promise<Agent> {
  const agent = await deps.agents.get(name);
  if (agent === null) throw new NotFoundError(`agent ${name} does not exist`);
  if (agent.revokedAt !== null) return agent;
  await deps.ledgerWriter.append({ type: 'agent.revoked', key: `agent.revoked:${name}`, body: { agent: { name } } });
  const revoked: Agent = { ...agent, revokedAt: new Date(deps.clock.now()).toISOString() };
  await deps.agents.update(revoked);
  return revoked;
}

/** The agent a bearer token belongs to; AgentAuthError for a malformed, unknown or revoked token. */
export async function authenticateAgent(deps: Pick<AgentServiceDeps, 'agents'>, token: string | null): Promise<Agent> {
  if (token === null) throw new AgentAuthError('agent routes need Authorization: Bearer <agent token> (crosscheck agents add <name> prints one)');
  if (!AGENT_TOKEN_PATTERN.test(token)) throw new AgentAuthError('not an agent token (cca_ followed by 43 base64url characters)');
  const agent = await deps.agents.byTokenSha256(agentTokenSha256(token));
  if (agent === null) throw new AgentAuthError('unknown agent token');
  if (agent.revokedAt !== null) throw new AgentAuthError(`agent ${agent.name} was revoked at ${agent.revokedAt}`);
  return agent;
}

/**
 * Registers the agent's public key, once: the same key again is a no-op; a different key
 * is a 409 (a stolen token must not swap the key that signs the agent's results; revoke
 * the agent and enrol a new one instead).
 */
export async function registerAgentKey(deps: AgentServiceDeps, agent: Agent, input: unknown): Promise<Agent> {
  const parsed = AgentPublicJwkSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, 'jwk'));
  const jwk: AgentPublicJwk = parsed.data;
  const kid = ecThumbprint(jwk);
  if (jwk.kid !== undefined && jwk.kid !== kid) throw new ValidationError([{ path: 'jwk.kid', message: `is not the RFC 7638 thumbprint of the key (${kid})` }]);
  if (agent.publicJwk !== null) {
    if (agent.publicJwk.kid === kid) return agent;
    throw new ConflictError(`jwk: agent ${agent.name} has a different key registered (kid ${agent.publicJwk.kid}); revoke the agent and enrol a new one to change keys`);
  }
  const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, alg: 'ES256' as const, use: 'sig' as const };
  await deps.ledgerWriter.append({ type: 'agent.key', key: `agent.key:${agent.name}:${kid}`, body: { agent: { name: agent.name }, jwk: publicJwk } });
  const next: Agent = { ...agent, publicJwk };
  await deps.agents.update(next);
  return next;
}

/** Notes that the agent was seen now (written at most every SEEN_WRITE_EVERY_MS, or when its version changes). */
export async function agentSeen(deps: Pick<AgentServiceDeps, 'agents' | 'clock'>, agent: Agent, version: string | null): Promise<Agent> {
  const now = deps.clock.now();
  const last = agent.lastSeenAt === null ? Number.NEGATIVE_INFINITY : Date.parse(agent.lastSeenAt);
  if (now - last < SEEN_WRITE_EVERY_MS && (version === null || version === agent.version)) return agent;
  const next: Agent = { ...agent, lastSeenAt: new Date(now).toISOString(), version: version ?? agent.version };
  await deps.agents.update(next);
  return next;
}

/** The bearer token of an `Authorization` header, or null. */
export function bearerTokenOf(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? match[1]! : null;
}
