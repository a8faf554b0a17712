/**
 * Check results as the API returns them (the stored result, bodies cut to an excerpt):
 * the core's schemas (core/check-result.ts) with OpenAPI descriptions added, so that a
 * field added to a result appears here and in the OpenAPI document by itself.
 */
import * as z from 'zod';
import * as core from '../../core/check-result.ts';
import type { StoredResult } from '../../ports/result-store.ts';
import { DATE_TIME, describeFields } from './common.ts';

export const TimingsSchema = core.TimingsSchema.describe('Milliseconds per phase; null when a phase did not happen.');

export const TlsFactsSchema = core.TlsFactsSchema;

export const FailureCauseSchema = core.FailureCauseSchema;

/**
 * A plain object where the core's is loose: the document leaves a response's
 * additional properties open either way, and `additionalProperties: {}` would only be noise.
 */
export const CheckResultSchema = z.object({
  ...describeFields(core.CheckResultSchema.shape, {
    startedAt: DATE_TIME,
    status: 'HTTP status of the final response; 0 when there was none.',
    headers: 'Selected response headers.',
    error: 'Why the check failed, in words, for the operator; it may quote whole URLs and addresses.',
    errorCode:
      'The stable code of the failure: a system code (`ECONNREFUSED`, `CERT_HAS_EXPIRED`) or the engine\'s own (`redirect_loop`, `connecting`). Null without a failure; absent on older results.',
    errorUrl: 'The URL the failure names (`redirect_loop`, `too_many_redirects`), parsed; userinfo, query and fragment are not kept.',
    signed: "A probe agent's result: the compact JWS (ES256, typ crosscheck-agent-result+jws) it signed; verify it with /.well-known/agents-jwks.json.",
  }),
  timings: TimingsSchema,
  conditions: z.array(z.object(describeFields(core.ConditionResultSchema.shape, { condition: 'Resolved, e.g. `[STATUS] (503) == 200`.' }))),
}) satisfies z.ZodType<core.CheckResult>;

export const StoredResultSchema = CheckResultSchema.extend({
  id: z.string(),
  monitorId: z.string(),
  kind: z.enum(['scheduled', 'verification', 'manual']),
}) satisfies z.ZodType<StoredResult>;
