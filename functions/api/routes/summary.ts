/**
 * The admin overview in one request (GET /v1/summary), with an ETag: poll it with
 * If-None-Match and a 304 costs no transfer. Regional anomalies of one monitor for its
 * detail view.
 */
import * as z from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import type { ApiDeps } from '../deps.ts';
import { conditionalJson } from '../etag.ts';
import { jsonReply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import { IdParams, limitParam } from '../schemas/common.ts';
import { AnomalyListSchema, SummarySchema } from '../schemas/summary.ts';
import { anomalyView, buildSummary } from '../summary.ts';

export function summaryRoutes(deps: ApiDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/summary',
      operationId: 'getSummary',
      summary: 'Every monitor in one list: health, reason, since, locations, 24 h uptime and latency sparkline, down first; recent regional anomalies',
      description: 'Answers with an ETag; send it back as If-None-Match and an unchanged overview is a 304 with no body.',
      tag: 'monitors',
      auth: true,
      responses: {
        200: { description: 'The overview.', schema: SummarySchema, headers: { etag: { description: 'Changes when anything shown changes.' } } },
        304: { description: 'Not modified since the ETag sent as If-None-Match.' },
      },
      async handle({ event }) {
        const now = deps.clock.now();
        const summary = await buildSummary(deps, now);
        return conditionalJson(event, { generatedAt: new Date(now).toISOString(), ...summary }, summary);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/monitors/{id}/anomalies',
      operationId: 'listAnomalies',
      summary: "A monitor's regional anomalies: failures one location saw and another refuted, with both results",
      tag: 'monitors',
      auth: true,
      params: IdParams,
      query: z.object({ limit: limitParam(100, 20) }),
      responses: { 200: { description: 'The newest anomalies.', schema: AnomalyListSchema } },
      async handle({ params, query }) {
        if (!(await deps.monitors.get(params.id))) throw new NotFoundError(`monitor ${params.id} does not exist`);
        const page = await deps.results.listAnomalies(params.id, { limit: query.limit });
        return jsonReply(200, { items: page.items.map(anomalyView) });
      },
    }),
  ];
}
