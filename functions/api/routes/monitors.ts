/** Monitors (auth): CRUD through the monitor services (each change a ledger entry), checks, stats and run-now. */
import { NotFoundError } from '../../core/errors.ts';
import type { Monitor } from '../../core/monitor.ts';
import { incidentFigures, totals, totalsByRegion, uptimeWindow, windowHours } from '../../core/stats.ts';
import { downtimeOf, verifiedUptime } from '../../core/uptime.ts';
import { createMonitor, deleteMonitor, patchMonitor, replaceMonitor, type MonitorServiceDeps } from '../../services/monitors.ts';
import type { ApiDeps } from '../deps.ts';
import { incidentsSince } from '../figures.ts';
import { emptyReply, jsonReply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import { IdParams } from '../schemas/common.ts';
import {
  CheckNowSchema,
  CheckPageSchema,
  ChecksQuery,
  MonitorBodySchema,
  MonitorListQuery,
  MonitorPageSchema,
  MonitorPatchSchema,
  MonitorSchema,
  StatsQuery,
  StatsSchema,
} from '../schemas/monitors.ts';
import { monitorView } from '../views.ts';

const TAG = 'monitors';

export function monitorRoutes(deps: ApiDeps): Route[] {
  const services: MonitorServiceDeps = {
    monitors: deps.monitors,
    lifecycle: deps.lifecycle,
    ledgerWriter: deps.ledgerWriter,
    clock: deps.clock,
    ids: deps.ids,
    regions: deps.regions,
    channels: deps.channels,
    agents: deps.agentHub?.agents,
  };

  async function monitorOr404(id: string): Promise<Monitor> {
    const monitor = await deps.monitors.get(id);
    if (!monitor) throw new NotFoundError(`monitor ${id} does not exist`);
    return monitor;
  }

  async function view(monitor: Monitor) {
    return monitorView(monitor, await deps.states.get(monitor.id));
  }

  return [
    defineRoute({
      method: 'GET',
      path: '/v1/monitors',
      operationId: 'listMonitors',
      summary: 'Monitors, in creation order',
      tag: TAG,
      auth: true,
      query: MonitorListQuery,
      responses: { 200: { description: 'A page of monitors with their states.', schema: MonitorPageSchema } },
      async handle({ query }) {
        const page = await deps.monitors.list({ tag: query.tag, limit: query.limit, cursor: query.cursor });
        return jsonReply(200, { items: await Promise.all(page.items.map(view)), nextCursor: page.nextCursor });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/monitors',
      operationId: 'createMonitor',
      summary: 'Create a monitor (a monitor.created ledger entry)',
      tag: TAG,
      auth: true,
      body: MonitorBodySchema,
      responses: {
        201: {
          description: 'Created.',
          schema: MonitorSchema,
          headers: { Location: { description: '/v1/monitors/{id}' } },
        },
      },
      async handle({ body }) {
        const monitor = await createMonitor(services, body);
        return jsonReply(201, await view(monitor), { location: `/v1/monitors/${encodeURIComponent(monitor.id)}` });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/monitors/{id}',
      operationId: 'getMonitor',
      summary: 'One monitor with its current state',
      tag: TAG,
      auth: true,
      params: IdParams,
      responses: { 200: { description: 'The monitor.', schema: MonitorSchema } },
      async handle({ params }) {
        return jsonReply(200, await view(await monitorOr404(params.id)));
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/v1/monitors/{id}',
      operationId: 'replaceMonitor',
      summary: 'Replace the definition (a monitor.updated ledger entry)',
      description: 'Fields left out take their defaults, as on create.',
      tag: TAG,
      auth: true,
      params: IdParams,
      body: MonitorBodySchema,
      responses: { 200: { description: 'The monitor as stored.', schema: MonitorSchema } },
      async handle({ params, body }) {
        return jsonReply(200, await view(await replaceMonitor(services, params.id, body)));
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/v1/monitors/{id}',
      operationId: 'patchMonitor',
      summary: 'Change some fields, e.g. {"paused": true} (a monitor.updated ledger entry)',
      description: 'Each field given replaces the stored value as a whole (arrays and objects included); `null` resets a field to its default; fields left out keep theirs.',
      tag: TAG,
      auth: true,
      params: IdParams,
      body: MonitorPatchSchema,
      responses: { 200: { description: 'The monitor as stored.', schema: MonitorSchema } },
      async handle({ params, body }) {
        return jsonReply(200, await view(await patchMonitor(services, params.id, body)));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/monitors/{id}',
      operationId: 'deleteMonitor',
      summary: 'Delete a monitor (a monitor.deleted ledger entry; its earlier entries stay)',
      tag: TAG,
      auth: true,
      params: IdParams,
      responses: { 204: { description: 'Deleted.' } },
      async handle({ params }) {
        await deleteMonitor(services, params.id);
        return emptyReply(204);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/monitors/{id}/checks',
      operationId: 'listChecks',
      summary: 'Check results, newest first',
      tag: TAG,
      auth: true,
      params: IdParams,
      query: ChecksQuery,
      responses: { 200: { description: 'A page of results.', schema: CheckPageSchema } },
      async handle({ params, query }) {
        await monitorOr404(params.id);
        const page = await deps.results.listResults(params.id, {
          region: query.region,
          since: query.since === undefined ? undefined : Date.parse(query.since),
          until: query.until === undefined ? undefined : Date.parse(query.until),
          limit: query.limit,
          cursor: query.cursor,
        });
        return jsonReply(200, page);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/monitors/{id}/stats',
      operationId: 'getMonitorStats',
      summary: 'Uptime, checks, failures, anomalies, incidents, MTTR and latency over a window, overall and per region',
      description:
        'Uptime is verified availability: 1 - confirmed downtime (incidents) / observed time, from the start of the first hour (or the monitor\'s creation) to now; ' +
        'a failure one region saw and another refuted (an anomaly) does not lower it. ' +
        'The check-based figures (checks, failures, anomalies, checkSuccessRatio, latency) come from hourly rollups, never raw results.',
      tag: TAG,
      auth: true,
      params: IdParams,
      query: StatsQuery,
      responses: { 200: { description: 'The figures.', schema: StatsSchema } },
      async handle({ params, query }) {
        const monitor = await monitorOr404(params.id);
        const now = deps.clock.now();
        const { fromHour, toHour } = windowHours(query.window, now);
        const span = uptimeWindow(query.window, now);
        const [rollups, incidents] = await Promise.all([
          deps.results.listRollups(monitor.id, fromHour, toHour),
          incidentsSince(deps.incidents, monitor.id, span.from),
        ]);
        const uptime = verifiedUptime(downtimeOf(incidents), { ...span, observedFrom: Date.parse(monitor.createdAt), now });
        return jsonReply(200, {
          monitorId: monitor.id,
          window: query.window,
          from: new Date(fromHour).toISOString(),
          to: new Date(toHour).toISOString(),
          uptime: uptime.uptime,
          observedSeconds: Math.round(uptime.observedMs / 1000),
          downtimeSeconds: Math.round(uptime.downtimeMs / 1000),
          ...incidentFigures(incidents, span.from, span.to),
          ...totals(rollups),
          regions: totalsByRegion(rollups),
        });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/monitors/{id}/check',
      operationId: 'checkMonitorNow',
      summary: 'Run a check now from every region of the monitor',
      description: 'The results are stored (kind `manual`), in region order; they stay out of rollups and never move the monitor state.',
      tag: TAG,
      auth: true,
      params: IdParams,
      responses: { 200: { description: 'One result per region.', schema: CheckNowSchema } },
      async handle({ params }) {
        const monitor = await monitorOr404(params.id);
        const results = await deps.runCheckNow(monitor);
        return jsonReply(200, { monitorId: monitor.id, results });
      },
    }),
  ];
}
