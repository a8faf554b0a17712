/**
 * A status page as the public reads it: the headline, groups of monitors under their
 * display names with 90 daily bars (verified uptime per UTC day, so a partial day shows
 * as such), the incident history with what operators said, and announced maintenance.
 * Nothing private: no monitor URL, no monitor's own name where a display name is given,
 * no subscriber.
 */
import type { Incident } from '../core/incident.ts';
import type { DeclaredIncident, IncidentUpdate, Maintenance } from '../core/incident-update.ts';
import type { Monitor } from '../core/monitor.ts';
import { healthOf, type Health } from '../core/overview.ts';
import { DAY_MS, dailyUptime, HOUR_MS, uptimes } from '../core/stats.ts';
import { OVERALL_TEXT, overallState, pageMonitorIds, type StatusPage } from '../core/status-page.ts';
import { downtimeOf } from '../core/uptime.ts';
import { listDeclaredIncidents, listMaintenance, listUpdates } from '../services/incident-updates.ts';
import type { ApiDeps } from './deps.ts';
import { incidentsFor } from './figures.ts';

export type StatusPageViewDeps = Pick<ApiDeps, 'monitors' | 'states' | 'incidents' | 'results' | 'ledger' | 'documents'>;

const DAYS = 90;
const HISTORY = 20;

export interface PageIncident {
  readonly id: string;
  readonly title: string;
  readonly kind: 'detected' | 'declared';
  readonly status: 'open' | 'resolved';
  readonly monitors: readonly string[];
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly updates: readonly { readonly status: string; readonly message: string; readonly at: string; readonly seq: number }[];
}

export async function statusPageView(deps: StatusPageViewDeps, page: StatusPage, now: number) {
  const ids = pageMonitorIds(page);
  const found = await Promise.all(ids.map((id) => deps.monitors.get(id)));
  const monitors = new Map(found.filter((m): m is Monitor => m !== null).map((m) => [m.id, m]));
  const displayName = new Map<string, string>();
  for (const group of page.groups) for (const m of group.monitors) if (!displayName.has(m.monitorId)) displayName.set(m.monitorId, m.displayName ?? monitors.get(m.monitorId)?.name ?? m.monitorId);

  const maintenance = (await listMaintenance(deps)).filter((m) => Date.parse(m.end) > now && m.monitorIds.some((id) => monitors.has(id)));
  const inMaintenance = (id: string) => maintenance.some((m) => Date.parse(m.start) <= now && m.monitorIds.includes(id));

  const figures = new Map(
    await Promise.all(
      [...monitors.values()].map(async (monitor) => {
        const [state, incidents, anomalies] = await Promise.all([
          deps.states.get(monitor.id, { consistent: false }),
          incidentsFor(deps.incidents, monitor.id, ['90d'], now),
          deps.results.listAnomalies(monitor.id, { since: now - HOUR_MS, limit: 1 }),
        ]);
        const lastAnomaly = anomalies.items[0] ? Date.parse(anomalies.items[0].at) : null;
        const judged: Health = healthOf(state?.status ?? 'PENDING', monitor.paused, lastAnomaly, now);
        // During announced maintenance the page says so, whatever the checks see.
        const health: Health | 'maintenance' = inMaintenance(monitor.id) && judged !== 'paused' ? 'maintenance' : judged;
        const downtime = downtimeOf(incidents);
        const createdAt = Date.parse(monitor.createdAt);
        return [monitor.id, { health, incidents, uptime: uptimes(downtime, ['90d'], createdAt, now)['90d'], daily: dailyUptime(downtime, [], DAYS, createdAt, now) }] as const;
      }),
    ),
  );

  const healths = [...figures.values()].map((f) => f.health);
  const overall = overallState(
    healths.filter((h) => h !== 'maintenance'),
    healths.includes('maintenance'),
  );
  const groups = page.groups.map((group) => ({
    name: group.name,
    monitors: group.monitors.flatMap((m) => {
      const f = figures.get(m.monitorId);
      if (!f) return []; // deleted since the page was made
      return [{ name: displayName.get(m.monitorId)!, health: f.health, uptime90d: f.uptime, daily: f.daily.map((d) => (d.uptime === null ? null : Math.floor(d.uptime * 10_000) / 10_000)) }];
    }),
  }));

  const detected = [...figures.entries()].flatMap(([, f]) => f.incidents).filter((i) => Date.parse(i.openedAt) >= now - DAYS * DAY_MS || i.status === 'open');
  const declared = (await listDeclaredIncidents(deps)).filter((d) => d.monitorIds.some((id) => monitors.has(id)) && (d.resolvedAt === null || Date.parse(d.declaredAt) >= now - DAYS * DAY_MS));
  const history = [...detected.map((i) => ({ kind: 'detected' as const, i })), ...declared.map((d) => ({ kind: 'declared' as const, d }))]
    .sort((a, b) => openedAt(b).localeCompare(openedAt(a)))
    .slice(0, HISTORY);
  const incidents: PageIncident[] = await Promise.all(
    history.map(async (h) => (h.kind === 'detected' ? detectedView(h.i, displayName, await listUpdates(deps, h.i.id)) : declaredView(h.d, displayName, await listUpdates(deps, h.d.id)))),
  );

  return {
    slug: page.slug,
    title: page.title,
    description: page.description,
    generatedAt: new Date(now).toISOString(),
    overall: { state: overall, text: OVERALL_TEXT[overall] },
    // The UTC days every monitor's `daily` covers, oldest first: one figure a day, no dates repeated.
    days: { from: new Date(Math.floor(now / DAY_MS) * DAY_MS - (DAYS - 1) * DAY_MS).toISOString().slice(0, 10), count: DAYS },
    groups,
    incidents,
    maintenance: maintenance.map((m) => maintenanceView(m, displayName, now)),
    // E-mail and webhook subscriptions are not built yet: only what exists is linked.
    subscribe: { atom: `/status/${page.slug}/feed.atom` },
  };
}

export type StatusPageView = Awaited<ReturnType<typeof statusPageView>>;

function openedAt(h: { kind: 'detected'; i: Incident } | { kind: 'declared'; d: DeclaredIncident }): string {
  return h.kind === 'detected' ? h.i.openedAt : h.d.declaredAt;
}

const updateLine = (u: IncidentUpdate) => ({ status: u.status, message: u.message, at: u.at, seq: u.seq });

function detectedView(incident: Incident, names: ReadonlyMap<string, string>, updates: IncidentUpdate[]): PageIncident {
  const name = names.get(incident.monitorId) ?? incident.monitorId;
  return {
    id: incident.id,
    title: `${name} ${incident.status === 'open' ? 'is down' : 'was down'}`,
    kind: 'detected',
    status: incident.status,
    monitors: [name],
    openedAt: incident.openedAt,
    resolvedAt: incident.resolvedAt,
    updates: updates.map(updateLine),
  };
}

function declaredView(incident: DeclaredIncident, names: ReadonlyMap<string, string>, updates: IncidentUpdate[]): PageIncident {
  return {
    id: incident.id,
    title: incident.title,
    kind: 'declared',
    status: incident.resolvedAt === null ? 'open' : 'resolved',
    monitors: incident.monitorIds.flatMap((id) => (names.has(id) ? [names.get(id)!] : [])),
    openedAt: incident.declaredAt,
    resolvedAt: incident.resolvedAt,
    updates: updates.map(updateLine),
  };
}

function maintenanceView(m: Maintenance, names: ReadonlyMap<string, string>, now: number) {
  return {
    id: m.id,
    title: m.title,
    message: m.message,
    start: m.start,
    end: m.end,
    ongoing: Date.parse(m.start) <= now,
    monitors: m.monitorIds.flatMap((id) => (names.has(id) ? [names.get(id)!] : [])),
  };
}
