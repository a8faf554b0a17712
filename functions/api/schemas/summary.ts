/** The admin overview (GET /v1/summary) and regional anomalies. */
import * as z from 'zod';
import { DateTime } from './common.ts';
import { ResultSummarySchema } from './incidents.ts';
import { MonitorStatusSchema } from './monitors.ts';
import { FailureCauseSchema } from './results.ts';

export const HealthSchema = z
  .enum(['down', 'degraded', 'up', 'pending', 'paused'])
  .describe('`down`: an incident is open. `degraded`: a failure is being verified, or another location refuted one within the last hour. `pending`: no check has decided yet.');

const anomalyFields = {
  at: DateTime.describe('When the verifying location refuted the failure.'),
  region: z.string().describe('The location that saw the failure.'),
  refutedBy: z.string().describe('The location whose check passed.'),
  reason: z.string().describe('What failed, e.g. `[STATUS] (503) == 200` or `connect: ECONNREFUSED`.'),
};

export const AnomalySchema = z
  .object({
    id: z.string(),
    monitorId: z.string(),
    ...anomalyFields,
    primary: z.object({ region: z.string(), result: ResultSummarySchema }),
    verifier: z.object({ region: z.string(), result: ResultSummarySchema }),
  })
  .describe('A regional anomaly: a failure one location saw and another refuted. No incident, no alert.');

export const AnomalyListSchema = z.object({ items: z.array(AnomalySchema).describe('Newest first.') });

export const SummarySchema = z.object({
  generatedAt: DateTime,
  counts: z.object({ down: z.number().int(), degraded: z.number().int(), up: z.number().int(), pending: z.number().int(), paused: z.number().int() }),
  monitors: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        health: HealthSchema,
        state: MonitorStatusSchema,
        paused: z.boolean(),
        since: DateTime.nullable().describe('When the state began; a refuted failure does not move it.'),
        intervalSeconds: z.number().int(),
        locations: z.array(z.string()).describe('Where it is checked from.'),
        tags: z.array(z.string()),
        reason: z.string().nullable().describe('Why it is not simply up: the failed condition with its observed value, the error, or the refuted failure.'),
        incident: z
          .object({
            id: z.string(),
            openedAt: DateTime,
            cause: FailureCauseSchema,
            verification: z.enum(['confirmed', 'unavailable']),
            confirmedBy: z.array(z.string()).describe('The locations that saw the failure.'),
          })
          .nullable(),
        verifying: z.object({ fromRegion: z.string(), targetRegion: z.string().nullable(), since: DateTime }).nullable(),
        uptime24h: z.number().min(0).max(1).nullable().describe('Verified uptime over 24 hours, to 0.01 %.'),
        latency24h: z.array(z.number().nullable()).describe('Median response time (ms) of every location, one value per hour of the last 24, oldest first; null for an hour without checks.'),
        anomalies24h: z.number().int().describe('Refuted failures in the last 24 hours (up to 100).'),
        lastAnomaly: z.object(anomalyFields).nullable(),
      }),
    )
    .describe('Down first, then degraded, up, pending, paused.'),
  anomalies: z.array(z.object({ id: z.string(), monitorId: z.string(), ...anomalyFields })).describe('The newest 50 refuted failures of the last 24 hours, every monitor.'),
});
