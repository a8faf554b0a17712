/**
 * SLA figures derived from verified ledger entries alone: per monitor, the incidents,
 * the total downtime and the uptime ratio over a period.
 *
 * - The period runs from the first entry's time, or from `since` when given (the
 *   start of a dashboard window), to `until`. The CLI passes now, so that its figure
 *   is the dashboard's: a period that stopped at the last entry would count an open
 *   incident only until then. Without `until` the period ends at the last entry.
 * - With `since`, only incidents that overlap the period are counted, and monitors
 *   deleted before it are left out.
 * - A monitor counts from its `monitor.created` entry (or, lacking one, its first
 *   entry) until its `monitor.deleted` entry or the end of the period.
 * - An incident is down from `openedAt` to `resolvedAt`; one still open counts to the
 *   end of the period. Overlapping incidents are not counted twice.
 *
 * The downtime and uptime arithmetic is core's `verifiedUptime`, the same function the
 * API's uptime figures use, so the ledger's SLA and the status page cannot disagree.
 */
import type { ParsedLedgerPayload } from '../core/ledger/index.ts';
import { verifiedUptime } from '../core/uptime.ts';

export interface MonitorSla {
  readonly monitorId: string;
  /** The latest name the ledger gives it. */
  readonly name: string;
  /** RFC 3339: when the ledger starts counting it. */
  readonly since: string;
  readonly deletedAt: string | null;
  /** Incidents opened in the ledger. */
  readonly incidents: number;
  readonly resolved: number;
  /** Still open at the end of the period. */
  readonly open: number;
  readonly downtimeMs: number;
  /** How long the monitor was counted within the period. */
  readonly observedMs: number;
  /** 1 - downtime / observed; null when nothing was observed (a zero-length period). */
  readonly uptimeRatio: number | null;
}

export interface SlaReport {
  /** RFC 3339, null for an empty ledger. */
  readonly from: string | null;
  readonly to: string | null;
  readonly monitors: readonly MonitorSla[];
}

interface Tally {
  monitorId: string;
  name: string;
  since: number;
  deletedAt: number | null;
  incidents: Map<string, { openedAt: number; resolvedAt: number | null }>;
}

export interface SlaPeriod {
  /** Epoch ms: the start of the period; default the first entry's time. */
  readonly since?: number | undefined;
  /** Epoch ms: the end of the period (open incidents count until then); default the last entry's time. */
  readonly until?: number | undefined;
}

export function computeSla(payloads: readonly ParsedLedgerPayload[], options: SlaPeriod = {}): SlaReport {
  const first = payloads[0];
  const last = payloads.at(-1);
  if (first === undefined || last === undefined) return { from: null, to: null, monitors: [] };
  const from = options.since ?? Date.parse(first.time);
  const to = Math.max(from, options.until ?? Date.parse(last.time));

  const tallies = new Map<string, Tally>();
  const tally = (monitor: { id: string; name: string }, at: number): Tally => {
    let found = tallies.get(monitor.id);
    if (!found) {
      found = { monitorId: monitor.id, name: monitor.name, since: at, deletedAt: null, incidents: new Map() };
      tallies.set(monitor.id, found);
    }
    return found;
  };

  for (const p of payloads) {
    // Agent entries (enrolment, key, revocation) concern no monitor's figures.
    if (p.type === 'agent.registered' || p.type === 'agent.key' || p.type === 'agent.revoked') continue;
    // What operators told customers is signed and checked like every entry, but moves no SLA figure.
    if (p.type === 'incident.updated' || p.type === 'maintenance.announced') continue;
    const at = Date.parse(p.time);
    const t = tally(p.monitor, at);
    switch (p.type) {
      case 'monitor.created':
      case 'monitor.updated':
        t.name = p.monitor.name;
        break;
      case 'monitor.deleted':
        t.deletedAt = at;
        break;
      case 'incident.opened':
        if (!t.incidents.has(p.incidentId)) t.incidents.set(p.incidentId, { openedAt: Date.parse(p.openedAt), resolvedAt: null });
        break;
      case 'incident.resolved': {
        const incident = t.incidents.get(p.incidentId) ?? { openedAt: Date.parse(p.openedAt), resolvedAt: null };
        t.incidents.set(p.incidentId, { ...incident, resolvedAt: Date.parse(p.resolvedAt) });
        break;
      }
    }
  }

  const inPeriod = (t: Tally): boolean => options.since === undefined || t.deletedAt === null || t.deletedAt > from;
  const overlaps = (i: { openedAt: number; resolvedAt: number | null }): boolean => options.since === undefined || (i.openedAt < to && (i.resolvedAt ?? to) > from);
  const monitors = [...tallies.values()].filter(inPeriod).map((t): MonitorSla => {
    const incidents = [...t.incidents.values()].filter(overlaps);
    // Counted from its creation to its deletion or the end of the period; open incidents run to the end.
    const figures = verifiedUptime(incidents, { from, to: t.deletedAt ?? to, observedFrom: t.since, now: to });
    return {
      monitorId: t.monitorId,
      name: t.name,
      since: new Date(t.since).toISOString(),
      deletedAt: t.deletedAt === null ? null : new Date(t.deletedAt).toISOString(),
      incidents: incidents.length,
      resolved: incidents.filter((i) => i.resolvedAt !== null).length,
      open: incidents.filter((i) => i.resolvedAt === null).length,
      downtimeMs: figures.downtimeMs,
      observedMs: figures.observedMs,
      uptimeRatio: figures.uptime,
    };
  });
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), monitors };
}
