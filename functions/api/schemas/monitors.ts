/** Monitor routes' schemas: the definition (from core), its partial form for PATCH, the stored view, listings, checks and stats. */
import * as z from 'zod';
import { AlertsInputSchema, MONITOR_TYPES, MonitorDefinitionSchema, MonitorSchema as StoredMonitorSchema } from '../../core/monitor.ts';
import { MONITOR_STATUSES, type MonitorStatus } from '../../core/state.ts';
import { CursorParam, DATE_TIME, DateTime, DateTimeParam, limitParam, pageOf, WindowParam } from './common.ts';
import { StoredResultSchema } from './results.ts';

export const MonitorStatusSchema = z
  .enum(MONITOR_STATUSES as readonly MonitorStatus[] as [MonitorStatus, ...MonitorStatus[]])
  .describe('PENDING until the first checks; UP; VERIFYING while another region re-checks a failure; DOWN during an incident.');

/** POST and PUT bodies: the whole definition of its type, with its defaults; webhook secrets write-only (kept when left out). */
const bodyAlerts = { alerts: AlertsInputSchema.default({ email: [], webhooks: [] }) };
const [httpDefinition, tcpDefinition, tlsDefinition, dnsDefinition] = MonitorDefinitionSchema.options;
export const MonitorBodySchema = z.discriminatedUnion('type', [
  httpDefinition.extend(bodyAlerts),
  tcpDefinition.extend(bodyAlerts),
  tlsDefinition.extend(bodyAlerts),
  dnsDefinition.extend(bodyAlerts),
], { error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${MONITOR_TYPES.join(', ')} (http when absent)` : undefined) });

/** A field of the definition as a PATCH takes it: optional, and `null` resets a field that has a default. */
function patchField(field: z.ZodType): z.ZodType {
  if (field instanceof z.ZodDefault) return (field.removeDefault() as z.ZodType).nullable().optional();
  return field.isOptional() ? field.nullable() : field.optional();
}

/** Every top-level field of every type; a field two types define differently (`url`, `body`) takes either form here. */
function patchShape(): Record<string, z.ZodType> {
  const byKey = new Map<string, Set<z.ZodType>>();
  for (const option of MonitorBodySchema.options) {
    for (const [key, field] of Object.entries(option.shape)) byKey.set(key, (byKey.get(key) ?? new Set()).add(field as z.ZodType));
  }
  return Object.fromEntries(
    [...byKey].map(([key, fields]) => {
      const forms = [...fields].map(patchField);
      return [key, forms.length === 1 ? forms[0]! : z.union(forms as [z.ZodType, z.ZodType, ...z.ZodType[]])];
    }),
  );
}

/**
 * PATCH bodies: any subset of the definition's top-level fields (of any type), each
 * replacing the stored value as a whole. No defaults are filled in here (an absent field
 * keeps its value); `null` resets a field that has a default. The merged result is then
 * validated as a whole definition of its type by the monitor service.
 */
export const MonitorPatchSchema = z.strictObject(patchShape());

const WebhookViewSchema = z
  .object({
    url: z.string().describe('Receives a POST with the alert as JSON.'),
    hasSecret: z.boolean().describe('Whether deliveries are signed with a stored secret. Secrets are write-only: never shown; leave `secret` out on PUT or PATCH to keep it, send `null` to remove it.'),
  })
  .describe('A webhook as the API shows it: its secret is write-only.');

/** The stored monitor (core/monitor.ts), of each type, described, with its state; webhook secrets never shown. */
const [storedHttp, storedTcp, storedTls, storedDns] = StoredMonitorSchema.options;
const described = {
  alerts: storedHttp.shape.alerts.unwrap().extend({ webhooks: z.array(WebhookViewSchema) }),
  createdAt: storedHttp.shape.createdAt.describe(DATE_TIME),
  updatedAt: storedHttp.shape.updatedAt.describe(DATE_TIME),
  state: MonitorStatusSchema,
  stateSince: DateTime.nullable().describe('When the state last changed; null while no check has run.'),
};
export const MonitorSchema = z.discriminatedUnion('type', [
  storedHttp.extend(described),
  storedTcp.extend(described),
  storedTls.extend(described),
  storedDns.extend(described),
]);

export const MonitorPageSchema = pageOf(MonitorSchema);

export const MonitorListQuery = z.object({
  tag: z.string().min(1).max(64).optional().describe('Only monitors carrying this tag.'),
  limit: limitParam(100, 20),
  cursor: CursorParam,
});

export const ChecksQuery = z.object({
  region: z.string().min(1).max(64).optional().describe('Only results from this region.'),
  since: DateTimeParam.optional().describe('Results that started at or after this time.'),
  until: DateTimeParam.optional().describe('Results that started before this time.'),
  limit: limitParam(100, 20),
  cursor: CursorParam,
});

export const CheckPageSchema = pageOf(StoredResultSchema);

export const StatsQuery = z.object({ window: WindowParam.default('24h') });

const LatencySchema = z
  .object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable(), mean: z.number().nullable() })
  .describe('Milliseconds; percentiles from the hourly histograms (within about 10%); null without checks.');

/** Check-based figures, from rollups: what the probes saw, refuted single-region failures included. */
const TotalsShape = {
  checks: z.number().int(),
  failures: z.number().int().describe('Failed checks, those of anomalies included.'),
  anomalies: z.number().int().describe('Failures seen in one region and refuted by another (no incident).'),
  checkSuccessRatio: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('Share of checks that passed, 0..1; null without checks. Not uptime: refuted single-region failures lower it too.'),
  latency: LatencySchema,
};

export const StatsSchema = z.object({
  monitorId: z.string(),
  window: WindowParam,
  from: DateTime.describe('Start of the first hour counted.'),
  to: DateTime.describe('End of the current hour (exclusive) for the rollups; uptime, downtime and incidents are counted up to now.'),
  uptime: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('Verified uptime, 0..1: 1 - downtimeSeconds / observedSeconds; null when nothing was observed (the monitor did not exist yet).'),
  observedSeconds: z.number().describe("Time from `from` (or the monitor's creation, when later) to now; paused time included."),
  downtimeSeconds: z.number().describe('Observed time with an incident open (confirmed, or opened with verification unavailable); overlaps counted once.'),
  incidents: z.number().int().describe('Incidents open at any time in the window.'),
  mttrSeconds: z.number().nullable().describe('Mean time to recovery of the incidents resolved in the window.'),
  ...TotalsShape,
  regions: z.array(z.object({ region: z.string(), ...TotalsShape })),
});

export const CheckNowSchema = z.object({
  monitorId: z.string(),
  results: z.array(StoredResultSchema).describe('One result per region of the monitor, in region order.'),
});
