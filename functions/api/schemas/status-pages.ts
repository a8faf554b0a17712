/** Status pages (admin CRUD and the public view) and what operators tell customers. */
import * as z from 'zod';
import { DeclareIncidentBodySchema, IncidentUpdateBodySchema, MaintenanceBodySchema, UPDATE_STATUSES } from '../../core/incident-update.ts';
import { StatusPageBodySchema } from '../../core/status-page.ts';
import { DateTime } from './common.ts';

export { DeclareIncidentBodySchema, IncidentUpdateBodySchema, MaintenanceBodySchema, StatusPageBodySchema };

export const SlugParams = z.object({ slug: z.string().min(1).max(200).describe("The page's slug.") });

export const StatusPageSchema = StatusPageBodySchema.extend({ createdAt: DateTime, updatedAt: DateTime });
export const StatusPageListSchema = z.object({ items: z.array(StatusPageSchema) });

const ratio = z.number().min(0).max(1).nullable();

export const IncidentUpdateSchema = z.object({
  incidentId: z.string(),
  n: z.number().int().min(1).describe('1 for the first update of the incident, then 2, 3, ...'),
  status: z.enum(UPDATE_STATUSES),
  message: z.string(),
  at: DateTime,
  title: z.string().optional().describe('The title of an incident declared by hand (its first update).'),
  seq: z.number().int().describe('The seq of its signed incident.updated ledger entry.'),
});
export const IncidentUpdateListSchema = z.object({ items: z.array(IncidentUpdateSchema).describe('Oldest first.') });

export const DeclaredIncidentSchema = z.object({
  incident: z.object({ id: z.string(), title: z.string(), monitorIds: z.array(z.string()), declaredAt: DateTime, resolvedAt: DateTime.nullable() }),
  update: IncidentUpdateSchema,
});

export const MaintenanceSchema = z.object({
  id: z.string(),
  title: z.string(),
  message: z.string(),
  start: DateTime,
  end: DateTime,
  monitorIds: z.array(z.string()),
  announcedAt: DateTime,
  seq: z.number().int().describe('The seq of its signed maintenance.announced ledger entry.'),
});
export const MaintenanceListSchema = z.object({ items: z.array(MaintenanceSchema) });

export const PublicStatusPageSchema = z.object({
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  generatedAt: DateTime,
  overall: z.object({
    state: z.enum(['major-outage', 'partial-outage', 'degraded', 'maintenance', 'operational', 'unknown']),
    text: z.string().describe('The headline, e.g. "All systems operational".'),
  }),
  days: z.object({ from: z.string().describe('The first UTC day, YYYY-MM-DD.'), count: z.number().int() }),
  groups: z.array(
    z.object({
      name: z.string(),
      monitors: z.array(
        z.object({
          name: z.string().describe('The display name the page gives the monitor.'),
          health: z.enum(['down', 'degraded', 'up', 'pending', 'paused', 'maintenance']),
          uptime90d: ratio,
          daily: z.array(ratio).describe('Verified uptime of each of the `days`, oldest first, to 0.01 % (null before the monitor existed).'),
        }),
      ),
    }),
  ),
  incidents: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        kind: z.enum(['detected', 'declared']).describe('`detected`: confirmed from two locations; `declared`: by an operator.'),
        status: z.enum(['open', 'resolved']),
        monitors: z.array(z.string()),
        openedAt: DateTime,
        resolvedAt: DateTime.nullable(),
        updates: z.array(z.object({ status: z.enum(UPDATE_STATUSES), message: z.string(), at: DateTime, seq: z.number().int() })),
      }),
    )
    .describe('The newest 20 of the last 90 days, newest first.'),
  maintenance: z.array(
    z.object({ id: z.string(), title: z.string(), message: z.string(), start: DateTime, end: DateTime, ongoing: z.boolean(), monitors: z.array(z.string()) }),
  ),
  subscribe: z.object({ atom: z.string().describe('The Atom feed of incidents, updates and maintenance.') }),
});
