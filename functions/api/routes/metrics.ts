/**
 * GET /metrics: Prometheus text format, or OpenMetrics when the scraper asks for it
 * (Accept: application/openmetrics-text). Not public: the admin token, or the separate
 * read-only metrics token. In AWS there is no such endpoint: the functions publish
 * CloudWatch metrics (Embedded Metric Format) instead.
 */
import { NotFoundError } from '../../core/errors.ts';
import type { ApiDeps } from '../deps.ts';
import { rawReply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';

export function metricsRoutes(deps: ApiDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/metrics',
      operationId: 'getMetrics',
      summary: 'Prometheus / OpenMetrics exposition of monitors, locations, incidents and the runtime',
      description: 'The admin token or the read-only metrics token (`<data-dir>/metrics-token`). Local mode only; in AWS the figures are in CloudWatch.',
      tag: 'metrics',
      auth: true,
      ...(deps.metricsAuthorize ? { alsoAuthorize: deps.metricsAuthorize } : {}),
      responses: { 200: { description: 'The exposition.', contentType: 'text/plain' } },
      async handle({ event }) {
        if (!deps.metrics) throw new NotFoundError('metrics are served by the local runtime; in AWS they are CloudWatch metrics (see the README)');
        const accept = event.headers['accept'] ?? '';
        const { contentType, body } = await deps.metrics.render({ openMetrics: /application\/openmetrics-text/i.test(accept) });
        return rawReply(200, body, contentType);
      },
    }),
  ];
}
