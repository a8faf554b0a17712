/**
 * The public status routes: names and states only, never URLs, headers or bodies.
 * Uptime is verified availability from incidents (core/uptime.ts): /v1/status reads
 * monitors, states and incidents, no rollups.
 */
import { NotFoundError } from '../../core/errors.ts';
import { dailyUptime, HOUR_MS, hourlyLatency, STATS_WINDOWS, uptimes } from '../../core/stats.ts';
import { downtimeOf } from '../../core/uptime.ts';
import type { ApiDeps } from '../deps.ts';
import { incidentsFor, rollupsFor } from '../figures.ts';
import { jsonReply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import { IdParams } from '../schemas/common.ts';
import { StatusDetailSchema, StatusSchema } from '../schemas/status.ts';

const DAILY_DAYS = 90;
const DETAIL_INCIDENTS = 20;
const LIST_WINDOWS = ['24h', '30d'] as const;

export function statusRoutes(deps: ApiDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/status',
      operationId: 'getStatus',
      summary: "Every monitor's name, state, uptime (24h, 30d) and open incident",
      tag: 'status',
      auth: false,
      responses: { 200: { description: 'The status of every monitor.', schema: StatusSchema } },
      async handle() {
        const now = deps.clock.now();
        const monitors = await deps.monitors.all();
        const items = await Promise.all(
          monitors.map(async (monitor) => {
            const [state, incidents] = await Promise.all([deps.states.get(monitor.id), incidentsFor(deps.incidents, monitor.id, LIST_WINDOWS, now)]);
            // An open incident overlaps every window, so it is among those read.
            const incident = state?.openIncidentId ? incidents.find((i) => i.id === state.openIncidentId) : undefined;
            return {
              id: monitor.id,
              name: monitor.name,
              state: state?.status ?? 'PENDING',
              since: state?.since ?? null,
              paused: monitor.paused,
              uptime: uptimes(downtimeOf(incidents), LIST_WINDOWS, Date.parse(monitor.createdAt), now),
              openIncident: incident && incident.status === 'open' ? { id: incident.id, openedAt: incident.openedAt, cause: incident.cause } : null,
            };
          }),
        );
        return jsonReply(200, { generatedAt: new Date(now).toISOString(), monitors: items });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/status/{id}',
      operationId: 'getMonitorStatus',
      summary: "One monitor's public detail: uptime per window, 90 daily bars, hourly latency per region, recent incidents",
      tag: 'status',
      auth: false,
      params: IdParams,
      responses: { 200: { description: "The monitor's public status.", schema: StatusDetailSchema } },
      async handle({ params }) {
        const now = deps.clock.now();
        const monitor = await deps.monitors.get(params.id);
        if (!monitor) throw new NotFoundError(`monitor ${params.id} does not exist`);
        const [state, rollups, incidents] = await Promise.all([
          deps.states.get(monitor.id),
          rollupsFor(deps.results, monitor.id, STATS_WINDOWS, now),
          incidentsFor(deps.incidents, monitor.id, STATS_WINDOWS, now, DETAIL_INCIDENTS),
        ]);
        const createdAt = Date.parse(monitor.createdAt);
        const downtime = downtimeOf(incidents);
        const toHour = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
        const latency = hourlyLatency(rollups, toHour - 24 * HOUR_MS, toHour).map(({ region, points }) => ({
          region,
          points: points.map((p) => ({ ...p, hour: new Date(p.hour).toISOString() })),
        }));
        return jsonReply(200, {
          id: monitor.id,
          name: monitor.name,
          state: state?.status ?? 'PENDING',
          since: state?.since ?? null,
          paused: monitor.paused,
          generatedAt: new Date(now).toISOString(),
          uptime: uptimes(downtime, STATS_WINDOWS, createdAt, now),
          daily: dailyUptime(downtime, rollups, DAILY_DAYS, createdAt, now),
          latency: { regions: latency },
          incidents: incidents.slice(0, DETAIL_INCIDENTS).map((i) => ({
            id: i.id,
            status: i.status,
            openedAt: i.openedAt,
            resolvedAt: i.resolvedAt,
            cause: i.cause,
            verification: i.verification,
            ledger: { opened: i.ledger.opened, resolved: i.ledger.resolved },
          })),
        });
      },
    }),
  ];
}
