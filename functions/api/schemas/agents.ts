/** Schemas of the agent routes: enrolment and listing (admin), and what an agent pulls and posts. */
import * as z from 'zod';
import { AgentEnrolmentSchema, AgentPublicJwkSchema } from '../../core/agents/agent.ts';
import { RegionNameSchema } from '../../core/region.ts';
import { DateTime } from './common.ts';

export const AgentNameParams = z.object({ name: RegionNameSchema.describe("The agent's location name.") });

export const AgentSchema = z.object({
  name: z.string(),
  kind: z.literal('agent'),
  status: z.enum(['waiting', 'active', 'revoked']).describe('`waiting`: enrolled, never connected; `active`: its key is registered; `revoked`: its token is refused.'),
  createdAt: DateTime,
  revokedAt: DateTime.nullable(),
  lastSeenAt: DateTime.nullable(),
  version: z.string().nullable().describe('The agent\'s CrossCheck version, as it reported it.'),
  keyId: z.string().nullable().describe('RFC 7638 thumbprint of the key that signs its results; the key is in /.well-known/agents-jwks.json.'),
});

export const AgentListSchema = z.object({ items: z.array(AgentSchema) });

export const AgentEnrolBodySchema = AgentEnrolmentSchema;

export const AgentEnrolledSchema = z.object({
  agent: AgentSchema,
  token: z.string().describe('The agent token, shown only here: the hub keeps its SHA-256 only.'),
  join: z.string().describe('The command to run on the agent machine.'),
});

export const AgentKeyBodySchema = z.strictObject({
  jwk: AgentPublicJwkSchema.describe('The public half of the agent\'s P-256 key.'),
  version: z.string().max(64).optional().describe('The agent\'s CrossCheck version.'),
});

export const AgentJobsQuery = z.object({
  wait: z.coerce
    .number({ error: 'must be a number of seconds from 0 to 20' })
    .int({ error: 'must be a number of seconds from 0 to 20' })
    .min(0, { error: 'must be a number of seconds from 0 to 20' })
    .max(20, { error: 'must be a number of seconds from 0 to 20' })
    .default(20)
    .describe('Long poll: seconds to wait for the first job (0..20, default 20).'),
  max: z.coerce
    .number({ error: 'must be an integer from 1 to 100' })
    .int({ error: 'must be an integer from 1 to 100' })
    .min(1, { error: 'must be an integer from 1 to 100' })
    .max(100, { error: 'must be an integer from 1 to 100' })
    .default(50)
    .describe('Jobs at most (1..100, default 50).'),
  version: z.string().max(64).optional().describe('The agent\'s CrossCheck version.'),
});

export const AgentJobSchema = z.object({
  jobId: z.string(),
  kind: z.enum(['check', 'verification']),
  location: z.string(),
  scheduledFor: DateTime,
  monitor: z.record(z.string(), z.unknown()).describe('The monitor definition to check (as stored).'),
});

export const AgentJobsSchema = z.object({ jobs: z.array(AgentJobSchema) });

export const AgentResultBodySchema = z.strictObject({
  jws: z.string().min(1).max(200_000).describe('Compact JWS (ES256, typ crosscheck-agent-result+jws) over {jobId, monitorId, location, kind, iat, result}.'),
});

export const AgentResultAcceptedSchema = z.object({
  jobId: z.string(),
  kind: z.enum(['check', 'verification']),
  state: z.string().describe("The monitor's state after this result."),
});

export const AgentsJwksSchema = z.object({
  keys: z.array(z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), kid: z.string(), alg: z.literal('ES256'), use: z.literal('sig') })),
});
