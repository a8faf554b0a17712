/**
 * What operators tell customers: updates on an incident (`investigating`, `identified`,
 * `monitoring`, `resolved` + text), incidents declared by hand, and announced
 * maintenance. Each is a signed ledger entry (`incident.updated`,
 * `maintenance.announced`), so what was said is as provable as the outage itself.
 * An update is communication: it never changes a monitor's state or an incident's
 * verdict (a `resolved` update closes only an incident declared by hand).
 */
import * as z from 'zod';

export const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

const message = z.string().trim().min(1, { error: 'must not be empty' }).max(2000, { error: 'must be at most 2000 characters' });
const title = z.string().trim().min(1, { error: 'must not be empty' }).max(200, { error: 'must be at most 200 characters' });
const monitorIds = z.array(z.string().min(1).max(200)).max(100, { error: 'at most 100 monitors' });

export const IncidentUpdateBodySchema = z.strictObject({
  status: z.enum(UPDATE_STATUSES, { error: `must be one of ${UPDATE_STATUSES.join(', ')}` }),
  message,
});
export type IncidentUpdateBody = z.output<typeof IncidentUpdateBodySchema>;

export const DeclareIncidentBodySchema = z.strictObject({
  title,
  status: z.enum(UPDATE_STATUSES, { error: `must be one of ${UPDATE_STATUSES.join(', ')}` }).default('investigating'),
  message,
  monitorIds: monitorIds.default([]).describe('The monitors it concerns (they name it on their status pages).'),
});
export type DeclareIncidentBody = z.output<typeof DeclareIncidentBodySchema>;

export const MaintenanceBodySchema = z
  .strictObject({
    title,
    message,
    start: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time, e.g. 2026-12-05T22:00:00Z' }),
    end: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time, e.g. 2026-12-05T23:00:00Z' }),
    monitorIds: monitorIds.min(1, { error: 'name at least one monitor' }),
  })
  .refine((m) => Date.parse(m.end) > Date.parse(m.start), { error: 'must be after start', path: ['end'] });
export type MaintenanceBody = z.output<typeof MaintenanceBodySchema>;

/** An update as stored in its ledger entry and shown. */
export interface IncidentUpdate {
  readonly incidentId: string;
  /** 1, 2, 3, ... per incident. */
  readonly n: number;
  readonly status: UpdateStatus;
  readonly message: string;
  /** RFC 3339. */
  readonly at: string;
  /** Set on the first update of an incident declared by hand. */
  readonly title?: string | undefined;
  /** The ledger entry's seq. */
  readonly seq: number;
}

/** An incident declared by hand: no verdict of the monitors, what the operator says. */
export interface DeclaredIncident {
  readonly id: string;
  readonly title: string;
  readonly monitorIds: readonly string[];
  readonly declaredAt: string;
  readonly resolvedAt: string | null;
}

export interface Maintenance extends MaintenanceBody {
  readonly id: string;
  readonly announcedAt: string;
  /** seq of the maintenance.announced entry. */
  readonly seq: number;
}

/** Ledger key of the n-th update of an incident: one entry per key. */
export const updateKey = (incidentId: string, n: number): string => `incident.updated:${incidentId}:${n}`;
export const maintenanceKey = (id: string): string => `maintenance.announced:${id}`;

/** The public `incident.updated` payload body. Monitor names, never URLs. */
export function incidentUpdatedBody(input: {
  incidentId: string;
  n: number;
  status: UpdateStatus;
  message: string;
  title?: string | undefined;
  monitors: readonly { id: string; name: string }[];
}): Record<string, unknown> {
  return {
    incidentId: input.incidentId,
    update: input.n,
    status: input.status,
    message: input.message,
    ...(input.title === undefined ? {} : { title: input.title }),
    monitors: input.monitors.map((m) => ({ id: m.id, name: m.name })),
  };
}

export function maintenanceAnnouncedBody(id: string, body: MaintenanceBody, monitors: readonly { id: string; name: string }[]): Record<string, unknown> {
  return { maintenanceId: id, title: body.title, message: body.message, start: body.start, end: body.end, monitors: monitors.map((m) => ({ id: m.id, name: m.name })) };
}
