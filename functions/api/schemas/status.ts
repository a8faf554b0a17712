/** The public status routes: names and states only, never URLs, headers or bodies. */
import * as z from 'zod';
import { DateTime, WindowParam } from './common.ts';
import { FailureCauseSchema } from './results.ts';
import { LedgerRefSchema } from './incidents.ts';
import { MonitorStatusSchema } from './monitors.ts';

const ratio = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .describe(
    'Verified uptime, 0..1: 1 - confirmed downtime (incidents) / observed time, up to now; null when the monitor did not exist yet. A failure one region saw and another refuted does not lower it.',
  );

export const StatusSchema = z.object({
  generatedAt: DateTime,
  monitors: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      state: MonitorStatusSchema,
      since: DateTime.nullable(),
      paused: z.boolean(),
      uptime: z.object({ '24h': ratio, '30d': ratio }),
      openIncident: z.object({ id: z.string(), openedAt: DateTime, cause: FailureCauseSchema }).nullable(),
    }),
  ),
});

export const StatusDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: MonitorStatusSchema,
  since: DateTime.nullable(),
  paused: z.boolean(),
  generatedAt: DateTime,
  uptime: z.object({ '24h': ratio, '7d': ratio, '30d': ratio, '90d': ratio }),
  daily: z
    .array(
      z.object({
        date: z.string().describe('UTC day, YYYY-MM-DD.'),
        uptime: ratio,
        checks: z.number().int().describe('Checks that day, from rollups.'),
        failures: z.number().int().describe('Failed checks that day, refuted ones included.'),
      }),
    )
    .describe('The last 90 UTC days, oldest first, today last (up to now).'),
  latency: z.object({
    regions: z.array(
      z.object({
        region: z.string(),
        points: z
          .array(z.object({ hour: DateTime, p50: z.number().nullable(), p95: z.number().nullable(), checks: z.number().int() }))
          .describe('One point per hour with checks in the last 24 hours, oldest first (ms).'),
      }),
    ),
  }),
  incidents: z
    .array(
      z.object({
        id: z.string(),
        status: z.enum(['open', 'resolved']),
        openedAt: DateTime,
        resolvedAt: DateTime.nullable(),
        cause: FailureCauseSchema,
        verification: z.enum(['confirmed', 'unavailable']),
        ledger: LedgerRefSchema,
      }),
    )
    .describe('The newest 20, newest first.'),
});

export const BadgeQuery = z.object({ window: WindowParam.default('30d') });

export const ResponseTimeBadgeQuery = z.object({
  window: WindowParam.default('24h'),
  statistic: z
    .enum(['p50', 'p95', 'p99', 'mean'], { error: 'must be one of p50, p95, p99, mean' })
    .default('p50')
    .describe('Which figure of the response times: a percentile or the mean (default p50).'),
});

export const HealthSchema = z.object({ status: z.literal('ok'), time: DateTime });
