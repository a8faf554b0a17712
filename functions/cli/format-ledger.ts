/** Human output of `crosscheck ledger verify`: the verdict, then a table of monitors. */
import type { SlaReport } from '../audit/sla.ts';
import type { AuditReport } from '../audit/ledger-audit.ts';
import { formatTableDuration } from '../core/duration.ts';
import { formatTable, printable } from './text.ts';

/** Rounded down, so that 99.9996% never shows as 100.000%. */
export function formatUptime(ratio: number | null): string {
  if (ratio === null) return 'n/a';
  return `${(Math.floor(ratio * 100_000 + 1e-6) / 1000).toFixed(3)}%`;
}

export { formatTable } from './text.ts';

/** How the period was chosen: it ends now (the default) or at --until, and covers a dashboard window or the whole ledger. */
export interface PeriodNote {
  readonly end: 'now' | 'until';
  readonly window: string | null;
}

function describePeriod(note: PeriodNote): string {
  const start = note.window === null ? 'from the first entry' : `the dashboard's ${note.window} window`;
  return `${start} to ${note.end === 'now' ? 'now' : '--until'}`;
}

export function formatVerifyReport(report: AuditReport, sla: SlaReport | null, source: string, period: PeriodNote = { end: 'until', window: null }): string {
  const lines: string[] = [];
  if (!report.valid) {
    lines.push(`FAILED ${source}`);
    lines.push(`  ${report.problem?.message ?? 'unknown problem'}`);
    lines.push(`  ${report.entries.length} of ${report.count} entries verified before it`);
    return `${lines.join('\n')}\n`;
  }
  const first = report.entries[0]?.seq;
  const last = report.entries.at(-1)?.seq;
  const span = first === undefined ? 'no entries' : `${report.count} entries (seq ${first}..${last})`;
  lines.push(`OK ${source}: ${span}, every signature, seq and prev link verified`);
  if (report.kids.length > 0) lines.push(`  signed by kid ${report.kids.join(', ')}`);
  lines.push(
    report.expectHead === null
      ? '  the end was not checked against a head: pass --head <seq> to detect entries cut off at the end'
      : `  ends at the expected head, seq ${report.expectHead}`,
  );
  if (sla === null || sla.from === null || sla.to === null) return `${lines.join('\n')}\n`;
  lines.push(`  period ${sla.from} .. ${sla.to} (${formatTableDuration(Date.parse(sla.to) - Date.parse(sla.from))}, ${describePeriod(period)})`);
  lines.push('');
  const rows = [['MONITOR', 'INCIDENTS', 'DOWNTIME', 'UPTIME']];
  for (const m of sla.monitors) {
    const name = `${printable(m.name)}${m.deletedAt === null ? '' : ' (deleted)'}`;
    rows.push([name, m.open > 0 ? `${m.incidents} (${m.open} open)` : String(m.incidents), formatTableDuration(m.downtimeMs), formatUptime(m.uptimeRatio)]);
  }
  lines.push(formatTable(rows));
  return `${lines.join('\n')}\n`;
}
