/** Incidents (public): listing, one with its signed ledger entries, and a server-side verification. */
import { NotFoundError } from '../../core/errors.ts';
import { auditIncident } from '../../audit/index.ts';
import type { ApiDeps } from '../deps.ts';
import { jsonReply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import { IdParams } from '../schemas/common.ts';
import { IncidentDetailSchema, IncidentListQuery, IncidentPageSchema, IncidentVerificationSchema } from '../schemas/incidents.ts';
import { entryView, incidentView, recordsAt } from '../views.ts';

export function incidentRoutes(deps: ApiDeps): Route[] {
  async function incidentOr404(id: string) {
    const incident = await deps.incidents.get(id);
    if (!incident) throw new NotFoundError(`incident ${id} does not exist`);
    return incident;
  }

  return [
    defineRoute({
      method: 'GET',
      path: '/v1/incidents',
      operationId: 'listIncidents',
      summary: 'Incidents, newest first',
      tag: 'incidents',
      auth: false,
      query: IncidentListQuery,
      responses: { 200: { description: 'A page of incidents.', schema: IncidentPageSchema } },
      async handle({ query }) {
        const page = await deps.incidents.list({ monitorId: query.monitorId, status: query.status, limit: query.limit, cursor: query.cursor });
        return jsonReply(200, { items: page.items.map(incidentView), nextCursor: page.nextCursor });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/incidents/{id}',
      operationId: 'getIncident',
      summary: 'One incident with its ledger entries',
      description: 'The entries are compact JWS strings; verify them with the keys at /.well-known/jwks.json.',
      tag: 'incidents',
      auth: false,
      params: IdParams,
      responses: { 200: { description: 'The incident.', schema: IncidentDetailSchema } },
      async handle({ params }) {
        const incident = await incidentOr404(params.id);
        const records = await recordsAt(deps.ledger, [incident.ledger.opened, incident.ledger.resolved]);
        return jsonReply(200, { ...incidentView(incident), entries: records.map(entryView) });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/incidents/{id}/verify',
      operationId: 'verifyIncident',
      summary: "Check the incident's signatures, chain links and evidence on the server",
      tag: 'incidents',
      auth: false,
      params: IdParams,
      responses: { 200: { description: 'Each check and whether all of them hold.', schema: IncidentVerificationSchema } },
      async handle({ params }) {
        const incident = await incidentOr404(params.id);
        const own = [incident.ledger.opened, incident.ledger.resolved].filter((s): s is number => s !== null);
        // The entry before each one, so that the prev links can be checked too.
        const records = await recordsAt(deps.ledger, [...own, ...own.map((seq) => seq - 1)]);
        const evidence: Record<string, string | null> = {};
        for (const record of records) {
          if (own.includes(record.seq) && record.evidenceSha256 !== null) {
            evidence[record.evidenceSha256] = await deps.ledger.evidence(record.evidenceSha256);
          }
        }
        const jwk = await deps.signer.publicJwk();
        const report = await auditIncident(records.map(entryView), { keys: [{ ...jwk }] }, { incidentId: incident.id, evidence });
        return jsonReply(200, { incidentId: incident.id, valid: report.valid, checks: report.checks });
      },
    }),
  ];
}
