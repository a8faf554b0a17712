/**
 * The shape a verifier expects of a payload, as a zod schema: the common header for
 * every entry, and the fields the SLA figures read for each type. Unknown fields are
 * allowed (later versions may add some); missing or mistyped known ones are not.
 */
import * as z from 'zod';
import { LEDGER_ENTRY_TYPES } from './types.ts';

const b64sha256 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url SHA-256');
const time = z.iso.datetime({ offset: true });
const monitorRef = z.looseObject({ id: z.string().min(1), name: z.string() });

const header = {
  seq: z.number().int().min(1),
  prev: b64sha256,
  time,
  evidence: b64sha256.optional(),
};

export const LedgerPayloadSchema = z.discriminatedUnion('type', [
  z.looseObject({ ...header, type: z.literal('incident.opened'), incidentId: z.string().min(1), monitor: monitorRef, openedAt: time }),
  z.looseObject({
    ...header,
    type: z.literal('incident.resolved'),
    incidentId: z.string().min(1),
    monitor: monitorRef,
    openedAt: time,
    resolvedAt: time,
    reason: z.enum(['monitor paused', 'monitor deleted']).optional(),
  }),
  ...(['monitor.created', 'monitor.updated', 'monitor.deleted'] as const).map((type) =>
    z.looseObject({ ...header, type: z.literal(type), monitor: monitorRef, definitionSha256: b64sha256 }),
  ),
  // Probe agents (core/agents): enrolled, their signing key registered, revoked.
  z.looseObject({ ...header, type: z.literal('agent.registered'), agent: z.looseObject({ name: z.string().min(1) }) }),
  z.looseObject({
    ...header,
    type: z.literal('agent.key'),
    agent: z.looseObject({ name: z.string().min(1) }),
    jwk: z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), kid: b64sha256 }),
  }),
  z.looseObject({ ...header, type: z.literal('agent.revoked'), agent: z.looseObject({ name: z.string().min(1) }) }),
  // What an operator told customers: an update on an incident (or the first of one declared by hand).
  z.looseObject({
    ...header,
    type: z.literal('incident.updated'),
    incidentId: z.string().min(1),
    update: z.number().int().min(1),
    status: z.enum(['investigating', 'identified', 'monitoring', 'resolved']),
    message: z.string().min(1),
    title: z.string().min(1).optional(),
    monitors: z.array(monitorRef),
  }),
  z.looseObject({
    ...header,
    type: z.literal('maintenance.announced'),
    maintenanceId: z.string().min(1),
    title: z.string().min(1),
    message: z.string().min(1),
    start: time,
    end: time,
    monitors: z.array(monitorRef),
  }),
]);

export type ParsedLedgerPayload = z.output<typeof LedgerPayloadSchema>;

/** The payload, or the first thing wrong with it as `field: message`. */
export function parseLedgerPayload(value: unknown): { ok: true; payload: ParsedLedgerPayload } | { ok: false; problem: string } {
  const parsed = LedgerPayloadSchema.safeParse(value);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  if (path === 'type') return { ok: false, problem: `type must be one of ${LEDGER_ENTRY_TYPES.join(', ')}` };
  return { ok: false, problem: issue ? `${path || 'payload'}: ${issue.message}` : 'payload is malformed' };
}
