/**
 * zod schemas for the messages that travel between functions: check jobs (checks queue,
 * one or a wave of them per message), verification requests (to another region's
 * verifier), probe requests (check now) and rollup deltas (rollups queue). Every
 * consumer (Lambda handlers, the local runtime) validates a message with these before
 * acting on it; a message that does not parse is a ValidationError naming the field.
 */
import * as z from 'zod';
import { CheckResultSchema } from './check-result.ts';
import { DateTimeSchema } from './date-time.ts';
import { ValidationError } from './errors.ts';
import type { CheckJob, VerifyRequest } from './jobs.ts';
import { RegionNameSchema } from './region.ts';
import type { Rollup } from './rollup.ts';
import { MONITOR_FIELDS, MonitorDefinitionSchema, MonitorSchema, toFieldIssues, type MonitorDefinition } from './monitor.ts';

/** The results and monitors the messages carry; owned by check-result.ts and monitor.ts, re-exported for the consumers of messages. */
export { CheckResultSchema, MonitorSchema };

export const CheckJobSchema = z.strictObject({
  jobId: z.string().min(1).max(128),
  monitor: MonitorSchema,
  region: RegionNameSchema,
  scheduledFor: DateTimeSchema,
}) satisfies z.ZodType<CheckJob>;

/** Check jobs per message at most: one wave of one region (see waves.ts), run concurrently by one checker. */
export const MAX_JOBS_PER_MESSAGE = 10;

/** The jobs of one region's wave, delivered together. */
export const CheckJobBatchSchema = z.strictObject({
  jobs: z.array(CheckJobSchema).min(1).max(MAX_JOBS_PER_MESSAGE),
});

/** What the checks queue carries: a wave's jobs, or a single job. */
export const CheckJobMessageSchema = z.union([CheckJobBatchSchema, CheckJobSchema]);
export type CheckJobMessage = z.output<typeof CheckJobMessageSchema>;

/** The jobs in a checks-queue message. */
export function jobsOf(message: CheckJobMessage): readonly CheckJob[] {
  return 'jobs' in message ? message.jobs : [message];
}

export const VerifyRequestSchema = z.strictObject({
  verificationId: z.string().min(1).max(128),
  monitor: MonitorSchema,
  fromRegion: RegionNameSchema,
  primary: CheckResultSchema,
  tried: z.array(RegionNameSchema).max(20),
  requestedAt: DateTimeSchema,
}) satisfies z.ZodType<VerifyRequest>;

/** Rollup entries per message at most: a checker invocation has a few dozen; the sender splits larger sets. */
export const MAX_ROLLUPS_PER_MESSAGE = 1000;

const count = z.number().int().nonnegative();

/** One monitor's merged deltas for one region and hour. */
export const RollupEntrySchema = z.strictObject({
  monitorId: z.string().min(1).max(128),
  region: RegionNameSchema,
  hour: z.number().int().nonnegative().multipleOf(3_600_000, 'must be the start of a UTC hour (epoch ms)'),
  checks: count,
  failures: count,
  anomalies: count,
  latencySumMs: z.number().nonnegative(),
  histogram: z.record(z.string().regex(/^\d{1,3}$/, 'must be a bucket index'), count),
}) satisfies z.ZodType<Rollup>;

/** The rollup deltas of one checker or verifier invocation, merged by monitor, region and hour. */
export const RollupBatchSchema = z.strictObject({
  rollups: z.array(RollupEntrySchema).min(1).max(MAX_ROLLUPS_PER_MESSAGE),
});
export type RollupBatch = z.output<typeof RollupBatchSchema>;

/** "Check now" from one region: the monitor's definition goes to that region's prober. */
export const ProbeRequestSchema = z.strictObject({
  monitor: MonitorDefinitionSchema,
});
export type ProbeRequest = z.output<typeof ProbeRequestSchema>;

/** The probe request for a definition, or a whole monitor (its id and timestamps are left behind). */
export function probeRequestOf(definition: MonitorDefinition): ProbeRequest {
  const fields = Object.entries(definition).filter(([field, value]) => MONITOR_FIELDS.has(field) && value !== undefined);
  return { monitor: Object.fromEntries(fields) as MonitorDefinition };
}

/** Parses `value` (already JSON-decoded) with `schema`; ValidationError naming each bad field under `what`. */
export function parseMessage<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, what));
  return parsed.data;
}

/** A message body as text: JSON first, then the schema. */
export function parseMessageBody<T>(schema: z.ZodType<T>, body: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new ValidationError([{ path: what, message: 'is not JSON' }]);
  }
  return parseMessage(schema, value, what);
}
