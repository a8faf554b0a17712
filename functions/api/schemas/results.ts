/** Check results as the API returns them (the stored result, bodies cut to an excerpt). */
import * as z from 'zod';
import { FAILURE_CAUSES, type CheckResult, type FailureCause } from '../../core/check-result.ts';
import { TlsFactsSchema } from '../../core/messages.ts';
import type { StoredResult } from '../../ports/result-store.ts';
import { DateTime } from './common.ts';

const ms = z.number().nullable();

export const TimingsSchema = z
  .object({ dns: ms, connect: ms, tls: ms, ttfb: ms, total: z.number() })
  .describe('Milliseconds per phase; null when a phase did not happen.');

export { TlsFactsSchema };

export const FailureCauseSchema = z.enum(FAILURE_CAUSES as readonly FailureCause[] as [FailureCause, ...FailureCause[]]);

export const CheckResultSchema = z.object({
  url: z.string(),
  method: z.string(),
  region: z.string(),
  startedAt: DateTime,
  connected: z.boolean(),
  status: z.number().int().describe('HTTP status of the final response; 0 when there was none.'),
  httpVersion: z.string().nullable(),
  remoteIp: z.string().nullable(),
  timings: TimingsSchema,
  headers: z.record(z.string(), z.string()).describe('Selected response headers.'),
  bodyBytes: z.number().int(),
  tls: TlsFactsSchema.nullable(),
  redirects: z.array(z.object({ url: z.string(), status: z.number().int(), location: z.string() })),
  error: z.string().nullable(),
  success: z.boolean(),
  cause: FailureCauseSchema.nullable(),
  conditions: z.array(z.object({ condition: z.string().describe('Resolved, e.g. `[STATUS] (503) == 200`.'), success: z.boolean() })),
  bodyExcerpt: z.string(),
}) satisfies z.ZodType<CheckResult>;

export const StoredResultSchema = CheckResultSchema.extend({
  id: z.string(),
  monitorId: z.string(),
  kind: z.enum(['scheduled', 'verification', 'manual']),
}) satisfies z.ZodType<StoredResult>;
