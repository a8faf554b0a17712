/**
 * Human output of `crosscheck monitors list` and `monitors show`: each monitor's state,
 * since when, and why, in words taken from the evidence (the failed condition with its
 * observed value, or the transport error), never a bare DOWN.
 */
import { failureReason as coreFailureReason } from '../core/reason.ts';
import { formatTableDuration } from '../core/duration.ts';
import { effectiveConditions } from '../core/monitor.ts';
import { monitorTarget } from '../core/monitor-types/target.ts';
import { conditionLine, formatTimings } from './format-check.ts';
import { ago, formatDurationMs, formatSeconds, formatTable, printable, shortTime } from './text.ts';
import type { IncidentView, MonitorView, ResultSummaryView, StoredResultView } from './views.ts';

/** What a monitor looks like now: the stored state, or PAUSED. */
export function displayState(monitor: MonitorView): string {
  return monitor.paused ? 'PAUSED' : monitor.state;
}

/** Why a result failed, in one line: the core's failureReason (the dashboard says it the same way). */
export function failureReason(result: Pick<ResultSummaryView, 'cause' | 'error' | 'status'> & { readonly failed: readonly string[] }): string {
  return coreFailureReason(result);
}

export function summaryReason(summary: ResultSummaryView): string {
  return failureReason({ ...summary, failed: summary.failedConditions });
}

export function resultReason(result: StoredResultView): string {
  return failureReason({ ...result, failed: result.conditions.filter((c) => !c.success).map((c) => c.condition) });
}

/** The REASON column: why the monitor is in its state, from its open incident or its latest failed check. */
export function monitorReason(monitor: MonitorView, incident: IncidentView | undefined, latestFailure: StoredResultView | undefined): string {
  const paused = monitor.paused ? `paused (checks stopped; last state ${monitor.state})` : '';
  let why = '';
  if (incident) why = `${summaryReason(incident.primary.result)} (incident ${incident.id})`;
  else if (monitor.state === 'VERIFYING' && latestFailure) why = `failed in ${latestFailure.region}, another region is verifying: ${resultReason(latestFailure)}`;
  else if (monitor.state === 'PENDING' && !monitor.paused) why = 'no check has decided a state yet';
  return printable([paused, why].filter(Boolean).join('; '));
}

export function formatMonitorList(rows: readonly { monitor: MonitorView; reason: string }[], now: number): string {
  if (rows.length === 0) return 'no monitors yet: add one with crosscheck monitors add <url> --name <name>\n';
  const table = [['ID', 'NAME', 'STATE', 'SINCE', 'EVERY', 'URL', 'REASON']];
  for (const { monitor, reason } of rows) {
    table.push([monitor.id, printable(monitor.name), displayState(monitor), ago(monitor.stateSince, now), formatSeconds(monitor.intervalSeconds), printable(monitorTarget(monitor)), reason]);
  }
  return `${formatTable(table)}\n`;
}

export interface MonitorDetail {
  readonly monitor: MonitorView;
  readonly incident: IncidentView | null;
  /** The newest result of each region, newest first. */
  readonly latest: readonly StoredResultView[];
}

export function formatMonitorDetail({ monitor, incident, latest }: MonitorDetail, now: number): string {
  const lines: string[] = [];
  const since = monitor.stateSince === null ? '' : ` since ${shortTime(monitor.stateSince)} (${ago(monitor.stateSince, now)})`;
  lines.push(`${printable(monitor.name)}  ${displayState(monitor)}${monitor.paused ? `, last state ${monitor.state}` : ''}${since}`);
  const field = (name: string, value: string) => lines.push(`  ${name.padEnd(11)} ${value}`);
  field('id', monitor.id);
  field(monitor.type === 'http' || monitor.type === undefined ? 'url' : monitor.type, monitor.type === 'http' || monitor.type === undefined ? `${monitor.method} ${printable(monitor.url)}` : printable(monitorTarget(monitor)));
  const regions = monitor.regions.length > 0 ? monitor.regions.join(', ') : 'every region';
  field('checks', `every ${formatSeconds(monitor.intervalSeconds)} from ${regions}, timeout ${formatDurationMs(monitor.timeoutMs)}${monitor.paused ? ' (paused)' : ''}`);
  field('conditions', monitor.conditions.length > 0 ? monitor.conditions.map(printable).join(', ') : `${effectiveConditions(monitor)[0]} (the default)`);
  if (incident) {
    const verifiedBy = incident.verifier ? `confirmed from ${incident.primary.region} and ${incident.verifier.region}` : `seen from ${incident.primary.region}; no other region could verify`;
    field('incident', `${incident.id} open since ${shortTime(incident.openedAt)} (${formatTableDuration(now - Date.parse(incident.openedAt))}): ${incident.cause}, ${verifiedBy}`);
    field('why', printable(summaryReason(incident.primary.result)));
    field('', `crosscheck incidents show ${incident.id}`);
  } else if (monitor.state === 'VERIFYING') {
    const failure = latest.find((r) => !r.success);
    if (failure) field('why', `failed in ${failure.region}, another region is verifying: ${printable(resultReason(failure))}`);
  } else if (monitor.state === 'PENDING') {
    field('why', monitor.paused ? 'paused before any check' : 'no check has decided a state yet');
  }
  lines.push('');
  if (latest.length === 0) {
    lines.push('  no checks recorded yet');
  } else {
    lines.push('  latest check per region');
    for (const result of latest) {
      const verdict = result.success ? 'PASS' : `FAIL (${result.cause ?? 'unknown'})`;
      const status = result.status === 0 ? 'no response' : `HTTP ${result.status}`;
      lines.push(`    ${result.region}  ${shortTime(result.startedAt)}  ${verdict}  ${status}${result.error ? `  ${printable(result.error)}` : ''}`);
      for (const c of result.conditions) lines.push(`      ${printable(conditionLine(c))}`);
      lines.push(`      ${formatTimings(result.timings)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
