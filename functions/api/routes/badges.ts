/**
 * SVG badges for READMEs: state and uptime. An unknown monitor gets a grey
 * "unknown monitor" badge with status 404, so that an embedded image still renders.
 */
import { uptimes } from '../../core/stats.ts';
import { downtimeOf } from '../../core/uptime.ts';
import { notFoundBadge, renderBadge, statusBadge, uptimeBadge, type Badge } from '../badge.ts';
import type { ApiDeps } from '../deps.ts';
import { incidentsFor } from '../figures.ts';
import { rawReply, type Reply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import { IdParams } from '../schemas/common.ts';
import { BadgeQuery } from '../schemas/status.ts';

const SVG = 'image/svg+xml; charset=utf-8';

function svg(status: number, badge: Badge): Reply {
  return rawReply(status, renderBadge(badge), SVG, { 'cache-control': 'no-cache' });
}

const RESPONSES = {
  200: { description: 'The badge.', contentType: 'image/svg+xml' },
  404: { description: 'A grey "unknown monitor" badge.', contentType: 'image/svg+xml' },
};

export function badgeRoutes(deps: ApiDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/badges/{id}/status.svg',
      operationId: 'getStatusBadge',
      summary: "A badge with the monitor's name and state (up, down, verifying, pending, paused)",
      tag: 'status',
      auth: false,
      params: IdParams,
      responses: RESPONSES,
      async handle({ params }) {
        const monitor = await deps.monitors.get(params.id);
        if (!monitor) return svg(404, notFoundBadge());
        const state = await deps.states.get(monitor.id);
        return svg(200, statusBadge(monitor.name, state?.status ?? 'PENDING', monitor.paused));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/badges/{id}/uptime.svg',
      operationId: 'getUptimeBadge',
      summary: "A badge with the monitor's verified uptime over a window (default 30d)",
      tag: 'status',
      auth: false,
      params: IdParams,
      query: BadgeQuery,
      responses: RESPONSES,
      async handle({ params, query }) {
        const monitor = await deps.monitors.get(params.id);
        if (!monitor) return svg(404, notFoundBadge());
        const now = deps.clock.now();
        const incidents = await incidentsFor(deps.incidents, monitor.id, [query.window], now);
        const uptime = uptimes(downtimeOf(incidents), [query.window], Date.parse(monitor.createdAt), now)[query.window];
        return svg(200, uptimeBadge(query.window, uptime));
      },
    }),
  ];
}
