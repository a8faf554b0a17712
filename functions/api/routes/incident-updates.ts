/**
 * What operators tell customers, each a signed ledger entry: updates on an incident
 * (`incident.updated`), incidents declared by hand, announced maintenance
 * (`maintenance.announced`). Posting needs the token; reading is public.
 */
import * as z from 'zod';
import { announceMaintenance, declareIncident, listMaintenance, listUpdates, postIncidentUpdate, type IncidentUpdateDeps } from '../../services/incident-updates.ts';
import type { ApiDeps } from '../deps.ts';
import { jsonReply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import { IdParams } from '../schemas/common.ts';
import {
  DeclareIncidentBodySchema,
  DeclaredIncidentSchema,
  IncidentUpdateBodySchema,
  IncidentUpdateListSchema,
  IncidentUpdateSchema,
  MaintenanceBodySchema,
  MaintenanceListSchema,
  MaintenanceSchema,
} from '../schemas/status-pages.ts';

export function incidentUpdateRoutes(deps: ApiDeps): Route[] {
  const services: IncidentUpdateDeps = deps;
  return [
    defineRoute({
      method: 'POST',
      path: '/v1/incidents',
      operationId: 'declareIncident',
      summary: 'Declare an incident by hand, with its first update (a signed incident.updated entry)',
      tag: 'incidents',
      auth: true,
      body: DeclareIncidentBodySchema,
      responses: { 201: { description: 'Declared.', schema: DeclaredIncidentSchema } },
      async handle({ body }) {
        const declared = await declareIncident(services, body);
        return jsonReply(201, declared, { location: `/v1/incidents/${encodeURIComponent(declared.incident.id)}/updates` });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/incidents/{id}/updates',
      operationId: 'listIncidentUpdates',
      summary: "An incident's updates, oldest first, each with the seq of its signed ledger entry",
      tag: 'incidents',
      auth: false,
      params: IdParams,
      responses: { 200: { description: 'The updates (none for an incident nobody has written about).', schema: IncidentUpdateListSchema } },
      async handle({ params }) {
        return jsonReply(200, { items: await listUpdates(deps, params.id) });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/incidents/{id}/updates',
      operationId: 'postIncidentUpdate',
      summary: 'Post an update (investigating, identified, monitoring, resolved + text): a signed incident.updated entry',
      description: 'Communication only: it changes no monitor state. `resolved` closes an incident declared by hand; a detected incident resolves when its monitor recovers.',
      tag: 'incidents',
      auth: true,
      params: IdParams,
      body: IncidentUpdateBodySchema,
      responses: { 201: { description: 'Posted.', schema: IncidentUpdateSchema } },
      async handle({ params, body }) {
        return jsonReply(201, await postIncidentUpdate(services, params.id, body));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/maintenance',
      operationId: 'listMaintenance',
      summary: 'Announced maintenance, by start (`?upcoming=true`: only what has not ended)',
      tag: 'incidents',
      auth: false,
      query: z.object({ upcoming: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false') }),
      responses: { 200: { description: 'The maintenance windows.', schema: MaintenanceListSchema } },
      async handle({ query }) {
        const now = deps.clock.now();
        const all = await listMaintenance(deps);
        return jsonReply(200, { items: query.upcoming === 'true' ? all.filter((m) => Date.parse(m.end) > now) : all });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/maintenance',
      operationId: 'announceMaintenance',
      summary: 'Announce maintenance of monitors (title, text, start, end): a signed maintenance.announced entry',
      tag: 'incidents',
      auth: true,
      body: MaintenanceBodySchema,
      responses: { 201: { description: 'Announced.', schema: MaintenanceSchema } },
      async handle({ body }) {
        return jsonReply(201, await announceMaintenance(services, body));
      },
    }),
  ];
}
