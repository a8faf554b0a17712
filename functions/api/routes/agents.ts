/**
 * Probe agents. The operator's routes (auth): enrol (the token shown once), list, revoke.
 * The agent's routes (`/v1/agent/...`): authenticated by the agent's own token, which
 * opens nothing else; an admin token opens none of them. Public: the agents' key set.
 */
import { agentJobView } from '../../core/agents/agent-job.ts';
import type { Agent } from '../../core/agents/agent.ts';
import { NotFoundError } from '../../core/errors.ts';
import { AgentResultRefusedError, acceptAgentResult } from '../../services/agent-results.ts';
import { AgentAuthError, agentSeen, authenticateAgent, bearerTokenOf, enrolAgent, registerAgentKey, revokeAgent } from '../../services/agents.ts';
import type { ApiDeps } from '../deps.ts';
import type { ApiGatewayV2Event } from '../event.ts';
import { HttpError } from '../problem.ts';
import { jsonReply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import {
  AgentEnrolBodySchema,
  AgentEnrolledSchema,
  AgentJobsQuery,
  AgentJobsSchema,
  AgentKeyBodySchema,
  AgentListSchema,
  AgentNameParams,
  AgentResultAcceptedSchema,
  AgentResultBodySchema,
  AgentSchema,
  AgentsJwksSchema,
} from '../schemas/agents.ts';

const TAG = 'agents';
const AGENT_CHALLENGE = 'Bearer realm="crosscheck-agent"';

export function agentView(agent: Agent) {
  return {
    name: agent.name,
    kind: 'agent' as const,
    status: agent.revokedAt !== null ? ('revoked' as const) : agent.publicJwk === null ? ('waiting' as const) : ('active' as const),
    createdAt: agent.createdAt,
    revokedAt: agent.revokedAt,
    lastSeenAt: agent.lastSeenAt,
    version: agent.version,
    keyId: agent.publicJwk?.kid ?? null,
  };
}

/** The hub's address as the caller reached it, for the join command. */
function hubUrl(event: ApiGatewayV2Event): string {
  const host = event.headers['x-forwarded-host'] ?? event.headers['host'] ?? '127.0.0.1:8070';
  const proto = event.headers['x-forwarded-proto'] ?? (host.endsWith('.amazonaws.com') ? 'https' : 'http');
  const stage = event.requestContext.stage && event.requestContext.stage !== '$default' ? `/${event.requestContext.stage}` : '';
  return `${proto}://${host}${stage}`;
}

export function agentRoutes(deps: ApiDeps): Route[] {
  const hub = () => {
    if (deps.agentHub === undefined) throw new HttpError(501, 'Probe agents are not available in this deployment.');
    return deps.agentHub;
  };

  /** The agent a request's token belongs to (401 otherwise), marked as seen. */
  async function agentOf(event: ApiGatewayV2Event, version?: string): Promise<Agent> {
    // Without a hub no agent token is valid: a refusal, not a server error.
    if (deps.agentHub === undefined) throw new HttpError(401, 'This deployment has no probe agents: no agent token is valid here.', { 'www-authenticate': AGENT_CHALLENGE });
    const services = hub();
    try {
      const agent = await authenticateAgent(services, bearerTokenOf(event.headers['authorization']));
      return await agentSeen(services, agent, version ?? null);
    } catch (error) {
      if (error instanceof AgentAuthError) throw new HttpError(401, error.message, { 'www-authenticate': AGENT_CHALLENGE });
      throw error;
    }
  }

  return [
    defineRoute({
      method: 'GET',
      path: '/v1/agents',
      operationId: 'listAgents',
      summary: 'Probe agents: status, last seen, version, key',
      tag: TAG,
      auth: true,
      responses: { 200: { description: 'Every enrolled agent, revoked ones included.', schema: AgentListSchema } },
      async handle() {
        const agents = deps.agentHub === undefined ? [] : await deps.agentHub.agents.list();
        return jsonReply(200, { items: agents.map(agentView) });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/agents',
      operationId: 'enrolAgent',
      summary: 'Enrol a probe agent (an agent.registered ledger entry); the token is shown once',
      tag: TAG,
      auth: true,
      body: AgentEnrolBodySchema,
      responses: {
        201: { description: 'Enrolled: the token and the join command.', schema: AgentEnrolledSchema, headers: { Location: { description: '/v1/agents/{name}' } } },
        409: { description: 'The name is taken by an agent (revoked ones included) or a configured region.' },
      },
      async handle({ body, event }) {
        const { agent, token } = await enrolAgent(hub(), body);
        const join = `npx crosscheck agent --hub ${hubUrl(event)} --token ${token} --location ${agent.name}`;
        return jsonReply(201, { agent: agentView(agent), token, join }, { location: `/v1/agents/${agent.name}` });
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/agents/{name}',
      operationId: 'revokeAgent',
      summary: 'Revoke a probe agent (an agent.revoked ledger entry): its token is refused from now on',
      tag: TAG,
      auth: true,
      params: AgentNameParams,
      responses: { 200: { description: 'Revoked (again: no change).', schema: AgentSchema } },
      async handle({ params }) {
        return jsonReply(200, agentView(await revokeAgent(hub(), params.name)));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/.well-known/agents-jwks.json',
      operationId: 'getAgentsJwks',
      summary: 'The public keys of the probe agents, which verify their signed results',
      description: 'Revoked agents keep their keys here: results they signed before the revocation stay verifiable.',
      tag: TAG,
      auth: false,
      responses: { 200: { description: 'A JWK set (EC P-256, ES256).', schema: AgentsJwksSchema, contentType: 'application/jwk-set+json' } },
      async handle() {
        const agents = deps.agentHub === undefined ? [] : await deps.agentHub.agents.list();
        const keys = agents.flatMap((agent) => (agent.publicJwk === null ? [] : [{ ...agent.publicJwk, alg: 'ES256', use: 'sig' }]));
        return { status: 200, headers: { 'cache-control': 'no-cache' }, body: { kind: 'json', value: { keys }, contentType: 'application/jwk-set+json' } };
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/v1/agent/key',
      operationId: 'registerAgentKey',
      summary: "Agent: register the agent's public key (an agent.key ledger entry), once",
      description: 'Needs `Authorization: Bearer <agent token>`. The same key again changes nothing; a different key is a 409.',
      tag: TAG,
      auth: false,
      agentToken: true,
      body: AgentKeyBodySchema,
      responses: { 200: { description: 'Registered.', schema: AgentSchema }, 409: { description: 'Another key is registered for this agent.' } },
      async handle({ body, event }) {
        const agent = await agentOf(event, body.version);
        return jsonReply(200, agentView(await registerAgentKey(hub(), agent, body.jwk)));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/agent/jobs',
      operationId: 'pullAgentJobs',
      summary: "Agent: the jobs due for the agent's location (long poll)",
      description: 'Needs `Authorization: Bearer <agent token>`. Answers as soon as a job is there, or after `wait` seconds with none.',
      tag: TAG,
      auth: false,
      agentToken: true,
      query: AgentJobsQuery,
      responses: { 200: { description: 'Jobs, possibly none.', schema: AgentJobsSchema } },
      async handle({ query, event }) {
        const agent = await agentOf(event, query.version);
        const jobs = await hub().agentJobs.receive(agent.name, query.max, query.wait * 1000);
        return jsonReply(200, { jobs: jobs.map(agentJobView) });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/agent/results',
      operationId: 'postAgentResult',
      summary: 'Agent: one signed result',
      description:
        'Needs `Authorization: Bearer <agent token>`. 400 malformed, 401 bad token, 403 not signed by the agent\'s key / for another location / for a monitor not assigned to it, 409 a replay or a job never issued (or expired). A refused result changes nothing.',
      tag: TAG,
      auth: false,
      agentToken: true,
      body: AgentResultBodySchema,
      responses: {
        202: { description: 'Accepted: the result entered the pipeline.', schema: AgentResultAcceptedSchema },
        403: { description: 'Unknown key, another location, or a monitor not assigned to this agent.' },
        409: { description: 'A replayed result, or one for a job that was never issued or has expired.' },
      },
      async handle({ body, event }) {
        const agent = await agentOf(event);
        try {
          const accepted = await acceptAgentResult(hub(), agent, body.jws);
          return jsonReply(202, { jobId: accepted.jobId, kind: accepted.kind, state: 'state' in accepted.outcome ? accepted.outcome.state.status : 'PENDING' });
        } catch (error) {
          if (error instanceof AgentResultRefusedError) {
            const status = error.reason === 'replay' || error.reason === 'not-issued' ? 409 : 403;
            throw new HttpError(status, error.message);
          }
          if (error instanceof NotFoundError) throw new HttpError(403, error.message);
          throw error;
        }
      },
    }),
  ];
}
