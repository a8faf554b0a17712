/** Human output of `crosscheck incidents list` and `incidents show`. */
import { formatTableDuration } from '../core/duration.ts';
import { summaryReason } from './format-monitor.ts';
import { formatTimings } from './format-check.ts';
import { formatTable, printable, shortTime } from './text.ts';
import type { IncidentView, ResultSummaryView } from './views.ts';

/** How long it lasted, or has lasted so far. */
function lasted(incident: IncidentView, now: number): string {
  const end = incident.resolvedAt === null ? now : Date.parse(incident.resolvedAt);
  return `${formatTableDuration(end - Date.parse(incident.openedAt))}${incident.resolvedAt === null ? ' so far' : ''}`;
}

function verifiedBy(incident: IncidentView): string {
  if (incident.verifier === null) return `seen from ${incident.primary.region}; no other region could verify`;
  return `confirmed from ${incident.primary.region} and ${incident.verifier.region}`;
}

export function formatIncidentList(incidents: readonly IncidentView[], now: number): string {
  if (incidents.length === 0) return 'no incidents\n';
  const rows = [['ID', 'MONITOR', 'STATUS', 'OPENED', 'LASTED', 'CAUSE', 'WHY']];
  for (const i of incidents) {
    rows.push([i.id, printable(i.monitorName), i.status, shortTime(i.openedAt), lasted(i, now), i.cause, printable(summaryReason(i.primary.result))]);
  }
  return `${formatTable(rows)}\n`;
}

function evidence(lines: string[], label: string, region: string, result: ResultSummaryView): void {
  const status = result.status === 0 ? 'no response' : `HTTP ${result.status}`;
  lines.push(`  ${label.padEnd(10)} ${region} at ${shortTime(result.at)}: ${status}${result.cause ? `, cause ${result.cause}` : ''}`);
  if (result.error) lines.push(`  ${''.padEnd(10)} ${printable(result.error)}`);
  for (const condition of result.failedConditions) lines.push(`  ${''.padEnd(10)} FAIL  ${printable(condition)}`);
  lines.push(`  ${''.padEnd(10)} ${formatTimings(result.timings)}`);
}

export interface IncidentCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export function formatIncident(incident: IncidentView, now: number, checks?: { valid: boolean; checks: readonly IncidentCheck[] }): string {
  const lines: string[] = [];
  const state = incident.status === 'open' ? `OPEN for ${lasted(incident, now)}` : `RESOLVED after ${lasted(incident, now)}`;
  lines.push(`${incident.id}  ${printable(incident.monitorName)}  ${state}`);
  lines.push(`  ${'monitor'.padEnd(10)} ${incident.monitorId}  (crosscheck monitors show ${incident.monitorId})`);
  lines.push(`  ${'opened'.padEnd(10)} ${shortTime(incident.openedAt)}`);
  if (incident.resolvedAt) lines.push(`  ${'resolved'.padEnd(10)} ${shortTime(incident.resolvedAt)}`);
  lines.push(`  ${'cause'.padEnd(10)} ${incident.cause}, ${verifiedBy(incident)}`);
  lines.push(`  ${'why'.padEnd(10)} ${printable(summaryReason(incident.primary.result))}`);
  evidence(lines, 'seen', incident.primary.region, incident.primary.result);
  if (incident.verifier) evidence(lines, incident.verifier.outcome, incident.verifier.region, incident.verifier.result);
  const seqs = [incident.ledger.opened, incident.ledger.resolved].filter((s): s is number => s !== null);
  lines.push(`  ${'ledger'.padEnd(10)} ${seqs.length > 0 ? seqs.map((s) => `#${s}`).join(', ') : 'no entry yet'} (signed; check them with --verify, or offline with crosscheck ledger verify)`);
  if (checks) {
    lines.push(`  ${'verified'.padEnd(10)} ${checks.valid ? 'every check holds' : 'a check FAILED'}`);
    for (const c of checks.checks) lines.push(`  ${''.padEnd(10)} ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${printable(c.detail)}`);
  }
  return `${lines.join('\n')}\n`;
}
