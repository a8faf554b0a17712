/**
 * The figures of a signed SLA statement, from ledger entries alone: the same computation
 * for the API that issues a statement and for `crosscheck ledger verify --sla` that checks
 * one (computeSla over the entries the statement's checkpoint covers), so a statement
 * holds exactly when the log gives its figures.
 */
import type { ParsedLedgerPayload } from '../core/ledger/index.ts';
import type { SlaStatementPayload } from '../core/ledger/statement.ts';
import { computeSla } from './sla.ts';

export type StatementFigures = Pick<SlaStatementPayload, 'monitor' | 'period' | 'observedMs' | 'downtimeMs' | 'uptime' | 'incidents'>;

/** The figures for `monitorId` over [from, to) from entries 1..n (in seq order); null when the log never names the monitor. */
export function statementFigures(payloads: readonly ParsedLedgerPayload[], monitorId: string, period: { from: number; to: number }): StatementFigures | null {
  const sla = computeSla(payloads, { since: period.from, until: period.to });
  const figures = sla.monitors.find((m) => m.monitorId === monitorId);
  if (figures === undefined) return null;
  const incidents = new Map<string, { id: string; opened: number; resolved: number | null; openedAt: number; resolvedAt: number | null }>();
  for (const p of payloads) {
    if (p.type !== 'incident.opened' && p.type !== 'incident.resolved') continue;
    if (p.monitor.id !== monitorId) continue;
    if (p.type === 'incident.opened' && !incidents.has(p.incidentId)) {
      incidents.set(p.incidentId, { id: p.incidentId, opened: p.seq, resolved: null, openedAt: Date.parse(p.openedAt), resolvedAt: null });
    }
    if (p.type === 'incident.resolved') {
      const known = incidents.get(p.incidentId);
      if (known) incidents.set(p.incidentId, { ...known, resolved: p.seq, resolvedAt: Date.parse(p.resolvedAt) });
    }
  }
  return {
    monitor: { id: monitorId, name: figures.name },
    period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
    observedMs: figures.observedMs,
    downtimeMs: figures.downtimeMs,
    uptime: figures.uptimeRatio,
    incidents: [...incidents.values()]
      .filter((i) => i.openedAt < period.to && (i.resolvedAt ?? period.to) > period.from)
      .map(({ id, opened, resolved }) => ({ id, opened, resolved })),
  };
}

/** What a statement claims that the entries do not give, one line per difference (empty: it holds). */
export function statementDifferences(claimed: SlaStatementPayload, recomputed: StatementFigures | null): string[] {
  if (recomputed === null) return [`the log names no monitor ${claimed.monitor.id}`];
  const differences: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const field of ['monitor', 'observedMs', 'downtimeMs', 'uptime', 'incidents'] as const) {
    if (!same(claimed[field], recomputed[field])) differences.push(`${field}: the statement says ${JSON.stringify(claimed[field])}, the log gives ${JSON.stringify(recomputed[field])}`);
  }
  return differences;
}
