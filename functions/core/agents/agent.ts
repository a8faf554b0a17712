/**
 * A probe agent: `crosscheck agent` on a machine of the operator's choosing, joined to a
 * hub as a named location. It authenticates with a bearer token the hub keeps only as a
 * SHA-256 (the token is shown once, at enrolment), and signs every result it posts with
 * its own P-256 key, whose public half it registers on first contact.
 *
 * An agent's name is a location name (`regions` of a monitor may list it), so it follows
 * the region name rules (region.ts).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { RegionNameSchema } from '../region.ts';

/** The public JWK an agent registers: EC P-256 only, no private part. */
export const AgentPublicJwkSchema = z.strictObject({
  kty: z.literal('EC', 'must be EC: agents sign with ES256 (P-256)'),
  crv: z.literal('P-256', 'must be P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the base64url x coordinate (32 bytes)'),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the base64url y coordinate (32 bytes)'),
  kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the RFC 7638 thumbprint (base64url SHA-256)').optional(),
  alg: z.literal('ES256').optional(),
  use: z.literal('sig').optional(),
});
export type AgentPublicJwk = z.output<typeof AgentPublicJwkSchema>;

export const AgentEnrolmentSchema = z.strictObject({
  name: RegionNameSchema.describe('The location name monitors list in `regions`: lower-case letters, digits and dashes.'),
});

export interface Agent {
  /** A location name, unique among agents and the configured regions. */
  readonly name: string;
  /** base64url(SHA-256(token)): the token itself is never stored. */
  readonly tokenSha256: string;
  /** RFC 3339. */
  readonly createdAt: string;
  /** RFC 3339 when revoked; a revoked agent's token is refused and its name stays taken. */
  readonly revokedAt: string | null;
  /** The key every result of this agent is signed with (kid = RFC 7638 thumbprint); null until the agent first connects. */
  readonly publicJwk: (AgentPublicJwk & { readonly kid: string }) | null;
  /** RFC 3339 of the agent's last request to the hub; null before its first. */
  readonly lastSeenAt: string | null;
  /** The agent's `crosscheck --version`, as it reported it. */
  readonly version: string | null;
}

/** How an agent token is kept and looked up: base64url(SHA-256(UTF-8 of the token)). */
export function agentTokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Agent tokens: a prefix that says what they are (secret scanners key on it), then 32 random bytes. */
export const AGENT_TOKEN_PREFIX = 'cca_';
export const AGENT_TOKEN_PATTERN = /^cca_[A-Za-z0-9_-]{43}$/;

/** RFC 7638 thumbprint of an EC public key: SHA-256 over {crv, kty, x, y} in that order, base64url. */
export function ecThumbprint(jwk: Pick<AgentPublicJwk, 'crv' | 'kty' | 'x' | 'y'>): string {
  const json = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(json, 'utf8').digest('base64url');
}

/** Missed intervals after which an agent counts as unreachable. */
export const AGENT_QUIET_INTERVALS = 3;

/**
 * Whether an agent can be asked to check a monitor with `intervalSeconds` now: enrolled,
 * not revoked, its key registered, and seen within the last 3 intervals.
 */
export function agentReachable(agent: Agent | null, intervalSeconds: number, now: number): boolean {
  if (agent === null || agent.revokedAt !== null || agent.publicJwk === null || agent.lastSeenAt === null) return false;
  return now - Date.parse(agent.lastSeenAt) <= AGENT_QUIET_INTERVALS * intervalSeconds * 1000;
}
