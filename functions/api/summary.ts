/**
 * The admin overview in one read: for every monitor its health, why, since when, from
 * where, 24-hour uptime and a latency sparkline, sorted down-first. Reads per monitor:
 * its state, the incidents of the last 24 hours, the anomalies of the last 24 hours and
 * the rollups of the last 24 hours (never raw results, except the newest failure of a
 * monitor being verified, for its reason).
 */
import type { Anomaly, Incident } from '../core/incident.ts';
import { summarizeResult } from '../core/ledger/index.ts';
import type { Monitor } from '../core/monitor.ts';
import { compareOverview, healthOf, latencySparkline, type Health } from '../core/overview.ts';
import { failureReason } from '../core/reason.ts';
import { monitorRegions } from '../core/schedule.ts';
import { DAY_MS, uptimes } from '../core/stats.ts';
import type { MonitorState } from '../core/state.ts';
import type { CheckResult } from '../core/check-result.ts';
import { downtimeOf } from '../core/uptime.ts';
import type { ApiDeps } from './deps.ts';
import { incidentsFor, rollupsFor } from './figures.ts';

export type SummaryDeps = Pick<ApiDeps, 'monitors' | 'states' | 'incidents' | 'results' | 'regions'>;

/** Why a check failed, from its result (public text only: no URL, headers or body). */
export function reasonOf(result: CheckResult): string {
  const summary = summarizeResult(result);
  return failureReason({ cause: summary.cause, error: summary.error, failed: summary.failedConditions });
}

export function anomalyView(anomaly: Anomaly) {
  return {
    id: anomaly.id,
    monitorId: anomaly.monitorId,
    at: anomaly.at,
    region: anomaly.primary.region,
    refutedBy: anomaly.verifier.region,
    reason: reasonOf(anomaly.primary.result),
    primary: { region: anomaly.primary.region, result: summarizeResult(anomaly.primary.result) },
    verifier: { region: anomaly.verifier.region, result: summarizeResult(anomaly.verifier.result) },
  };
}

/** The open incident as the list shows it: why, and which locations saw it. */
function incidentLine(incident: Incident) {
  return {
    id: incident.id,
    openedAt: incident.openedAt,
    cause: incident.cause,
    verification: incident.verification,
    confirmedBy: [incident.primary.region, ...(incident.verifier && incident.verifier.outcome === 'confirmed' ? [incident.verifier.region] : [])],
  };
}

const MAX_ANOMALIES_LISTED = 50;

export async function buildSummary(deps: SummaryDeps, now: number) {
  const monitors = await deps.monitors.all();
  const rows = await Promise.all(monitors.map((monitor) => summaryRow(deps, monitor, now)));
  rows.sort((a, b) => compareOverview(a.row, b.row));
  const counts: Record<Health, number> = { down: 0, degraded: 0, up: 0, pending: 0, paused: 0 };
  for (const { row } of rows) counts[row.health]++;
  const anomalies = rows
    .flatMap((r) => r.anomalies)
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, MAX_ANOMALIES_LISTED)
    .map(({ primary: _p, verifier: _v, ...line }) => line);
  return { counts, monitors: rows.map((r) => r.row), anomalies };
}

async function summaryRow(deps: SummaryDeps, monitor: Monitor, now: number) {
  const [state, incidents, anomalyPage, rollups] = await Promise.all([
    deps.states.get(monitor.id, { consistent: false }),
    incidentsFor(deps.incidents, monitor.id, ['24h'], now),
    deps.results.listAnomalies(monitor.id, { since: now - DAY_MS, limit: 100 }),
    rollupsFor(deps.results, monitor.id, ['24h'], now),
  ]);
  const anomalies = anomalyPage.items.map(anomalyView);
  const status = state?.status ?? 'PENDING';
  const lastAnomaly = anomalies[0] ?? null;
  const health = healthOf(status, monitor.paused, lastAnomaly ? Date.parse(lastAnomaly.at) : null, now);
  const open = state?.openIncidentId ? incidents.find((i) => i.id === state.openIncidentId && i.status === 'open') : undefined;
  const uptime = uptimes(downtimeOf(incidents), ['24h'], Date.parse(monitor.createdAt), now)['24h'];
  return {
    anomalies,
    row: {
      id: monitor.id,
      name: monitor.name,
      health,
      state: status,
      paused: monitor.paused,
      since: state?.since ?? null,
      intervalSeconds: monitor.intervalSeconds,
      locations: [...monitorRegions(monitor, deps.regions)],
      tags: [...monitor.tags],
      reason: await reasonFor(deps, monitor, state, open, health, lastAnomaly),
      incident: open ? incidentLine(open) : null,
      verifying: state?.verification && status === 'VERIFYING' ? { fromRegion: state.verification.fromRegion, targetRegion: state.verification.targetRegion, since: state.verification.requestedAt } : null,
      // Four decimals (0.01 %): the figure shown, and an ETag that does not change every second of an outage.
      uptime24h: uptime === null ? null : Math.floor(uptime * 10_000) / 10_000,
      latency24h: latencySparkline(rollups, now),
      anomalies24h: anomalies.length,
      lastAnomaly: lastAnomaly ? { at: lastAnomaly.at, region: lastAnomaly.region, refutedBy: lastAnomaly.refutedBy, reason: lastAnomaly.reason } : null,
    },
  };
}

async function reasonFor(
  deps: SummaryDeps,
  monitor: Monitor,
  state: MonitorState | null,
  open: Incident | undefined,
  health: Health,
  lastAnomaly: ReturnType<typeof anomalyView> | null,
): Promise<string | null> {
  if (health === 'paused') return 'paused: checks stopped';
  if (open) return reasonOf(open.primary.result);
  if (state?.status === 'VERIFYING' && state.verification) {
    const { items } = await deps.results.listResults(monitor.id, { region: state.verification.fromRegion, limit: 1 });
    const failed = items[0] && !items[0].success ? reasonOf(items[0]) : 'failed';
    return `failed in ${state.verification.fromRegion}, ${state.verification.targetRegion ?? 'no other location'} verifying: ${failed}`;
  }
  if (health === 'degraded' && lastAnomaly) return `${lastAnomaly.region} saw ${lastAnomaly.reason}; ${lastAnomaly.refutedBy} refuted it`;
  if (health === 'pending') return 'no check has decided a state yet';
  return null;
}
