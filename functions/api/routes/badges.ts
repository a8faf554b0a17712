/**
 * SVG badges for READMEs: state, uptime and response time. Every answer is an SVG an
 * `<img>` can show: an unknown monitor, an unknown badge, a bad `?window=` or a failing
 * store get a grey "unknown" badge with the reason in its `<title>` and the error's
 * status. Badges may be cached for a minute (Shields caches longer).
 */
import * as z from 'zod';
import { totals, uptimes } from '../../core/stats.ts';
import { downtimeOf } from '../../core/uptime.ts';
import { notFoundBadge, renderBadge, responseTimeBadge, statusBadge, unknownBadge, uptimeBadge, type Badge } from '../badge.ts';
import type { ApiDeps } from '../deps.ts';
import { incidentsFor, rollupsFor } from '../figures.ts';
import { rawReply, type Reply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import { IdParams } from '../schemas/common.ts';
import { BadgeQuery, ResponseTimeBadgeQuery } from '../schemas/status.ts';

const SVG = 'image/svg+xml; charset=utf-8';
/** A badge may be a minute old; one that could not be made is not kept. */
const CACHED = 'public, max-age=60';

function svg(status: number, badge: Badge): Reply {
  return rawReply(status, renderBadge(badge), SVG, { 'cache-control': status < 500 ? CACHED : 'no-store' });
}

const errorReply = (status: number, reason: string): Reply => svg(status, unknownBadge(reason));

const RESPONSES = {
  200: { description: 'The badge.', contentType: 'image/svg+xml' },
  400: { description: 'A grey "unknown" badge; its title names the bad parameter.', contentType: 'image/svg+xml' },
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
      errorReply,
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
      errorReply,
      async handle({ params, query }) {
        const monitor = await deps.monitors.get(params.id);
        if (!monitor) return svg(404, notFoundBadge());
        const now = deps.clock.now();
        const incidents = await incidentsFor(deps.incidents, monitor.id, [query.window], now);
        const uptime = uptimes(downtimeOf(incidents), [query.window], Date.parse(monitor.createdAt), now)[query.window];
        return svg(200, uptimeBadge(query.window, uptime));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/badges/{id}/response-time.svg',
      operationId: 'getResponseTimeBadge',
      summary: "A badge with the monitor's response time over a window (default 24h, p50), every region, from hourly rollups",
      tag: 'status',
      auth: false,
      params: IdParams,
      query: ResponseTimeBadgeQuery,
      responses: RESPONSES,
      errorReply,
      async handle({ params, query }) {
        const monitor = await deps.monitors.get(params.id);
        if (!monitor) return svg(404, notFoundBadge());
        const now = deps.clock.now();
        const rollups = await rollupsFor(deps.results, monitor.id, [query.window], now);
        return svg(200, responseTimeBadge(query.window, query.statistic, totals(rollups).latency[query.statistic]));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/badges/{path+}',
      operationId: 'getUnknownBadge',
      summary: 'Any other badge path: a grey "unknown" badge (404), so that a mistyped `<img>` still shows why',
      tag: 'status',
      auth: false,
      params: z.object({ path: z.string().describe('The rest of the path.') }),
      responses: { 404: RESPONSES[404] },
      errorReply,
      async handle() {
        return errorReply(404, 'no such badge: use status.svg, uptime.svg or response-time.svg');
      },
    }),
  ];
}
