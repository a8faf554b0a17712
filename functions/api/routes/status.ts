/** The public status routes: names and states only, never URLs, headers or bodies. */
import { NotFoundError } from '../../core/errors.ts';
import { dailyUptime, HOUR_MS, hourlyLatency, STATS_WINDOWS } from '../../core/stats.ts';
import type { ApiDeps } from '../deps.ts';
import { rollupsFor, uptimes } from '../figures.ts';
import { jsonReply } from '../reply.ts';
import type { UptimeReader } from '../uptime-reader.ts';
import { defineRoute, type Route } from '../route.ts';
import { IdParams } from '../schemas/common.ts';
import { StatusDetailSchema, StatusSchema } from '../schemas/status.ts';

const DAILY_DAYS = 90;
const DETAIL_INCIDENTS = 20;

export function statusRoutes(deps: ApiDeps, uptime: UptimeReader): Route[] {
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
            const [state, uptimes] = await Promise.all([deps.states.get(monitor.id), uptime.uptimes(monitor.id, ['24h', '30d'])]);
            const incident = state?.openIncidentId ? await deps.incidents.get(state.openIncidentId) : null;
            return {
              id: monitor.id,
              name: monitor.name,
              state: state?.status ?? 'PENDING',
              since: state?.since ?? null,
              paused: monitor.paused,
              uptime: uptimes,
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
          deps.incidents.list({ monitorId: monitor.id, limit: DETAIL_INCIDENTS }),
        ]);
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
          uptime: uptimes(rollups, STATS_WINDOWS, now),
          daily: dailyUptime(rollups, DAILY_DAYS, now),
          latency: { regions: latency },
          incidents: incidents.items.map((i) => ({
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
