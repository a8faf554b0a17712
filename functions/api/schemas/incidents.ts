/** Incidents, the ledger and the signing keys: public, so results are summaries (no URL, headers or body). */
import * as z from 'zod';
import { CursorParam, DateTime, limitParam, pageOf } from './common.ts';
import { FailureCauseSchema, TimingsSchema } from './results.ts';

export const ResultSummarySchema = z
  .object({
    at: DateTime,
    status: z.number().int(),
    cause: FailureCauseSchema.nullable(),
    error: z
      .string()
      .nullable()
      .describe('The failure as public text, from its cause, code and URL origin only: `connect: ECONNREFUSED`, `http: redirect loop at https://shop.test`.'),
    timings: TimingsSchema,
    failedConditions: z.array(z.string()).describe('Resolved failed conditions, e.g. `[STATUS] (503) == 200`; at most three, then `… and N more`.'),
    signedResultSha256: z
      .string()
      .optional()
      .describe("A probe agent's result: base64url SHA-256 of the JWS the agent signed it with (the JWS is in the evidence document and the monitor's checks)."),
  })
  .describe('What a region saw, as the ledger entry summarizes it.');

export const LedgerRefSchema = z.object({
  opened: z.number().int().nullable().describe('seq of the incident.opened entry.'),
  resolved: z.number().int().nullable().describe('seq of the incident.resolved entry.'),
});

export const IncidentSchema = z.object({
  id: z.string(),
  monitorId: z.string(),
  monitorName: z.string(),
  status: z.enum(['open', 'resolved']),
  openedAt: DateTime,
  resolvedAt: DateTime.nullable(),
  resolution: z
    .enum(['monitor paused', 'monitor deleted'])
    .optional()
    .describe('Present when the incident resolved because the monitor was paused or deleted while down, not because it recovered.'),
  cause: FailureCauseSchema,
  verification: z.enum(['confirmed', 'unavailable']).describe('`unavailable`: no other region could verify and the failure persisted another round.'),
  primary: z.object({ region: z.string(), result: ResultSummarySchema }),
  verifier: z.object({ region: z.string(), outcome: z.enum(['confirmed', 'refuted']), result: ResultSummarySchema }).nullable(),
  ledger: LedgerRefSchema,
});

export const LedgerEntrySchema = z.object({
  seq: z.number().int().min(1),
  jws: z.string().describe('Compact JWS, ES256, payload `{seq, prev, type, time, ...}`.'),
});

export const IncidentDetailSchema = IncidentSchema.extend({
  entries: z.array(LedgerEntrySchema).describe("The incident's ledger entries, oldest first."),
});

export const IncidentPageSchema = pageOf(IncidentSchema);

export const IncidentListQuery = z.object({
  monitorId: z.string().min(1).max(200).optional(),
  status: z.enum(['open', 'resolved'], { error: 'must be open or resolved' }).optional(),
  limit: limitParam(100, 20),
  cursor: CursorParam,
});

export const VerificationCheckSchema = z.object({
  name: z.string().describe('What was checked, e.g. `signature (seq 7)`, `chain (seq 7)`, `incident.opened`, `evidence (seq 7)`.'),
  ok: z.boolean(),
  detail: z.string(),
});

export const IncidentVerificationSchema = z.object({
  incidentId: z.string(),
  valid: z.boolean().describe('Every check passed.'),
  checks: z.array(VerificationCheckSchema),
});

export const LedgerQuery = z.object({
  after: z.coerce
    .number({ error: 'must be an integer >= 0' })
    .int({ error: 'must be an integer >= 0' })
    .min(0, { error: 'must be an integer >= 0' })
    .default(0)
    .describe('Entries with a seq above this one (default 0: from the start).'),
  limit: limitParam(1000, 100),
});

export const LedgerPageSchema = z.object({
  entries: z.array(LedgerEntrySchema),
  head: z.number().int().nullable().describe('The seq of the newest entry; null while the ledger is empty. Page on with `?after=<last seq>` until it is reached.'),
});

export const JwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string(),
  y: z.string(),
  kid: z.string(),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
});

export const JwksSchema = z.object({ keys: z.array(JwkSchema) });
