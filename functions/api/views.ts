/** How domain objects look on the wire. Public views carry no URL, headers or body of a monitor. */
import type { Incident, RegionEvidence } from '../core/incident.ts';
import { summarizeResult } from '../core/ledger/index.ts';
import type { Monitor } from '../core/monitor.ts';
import type { MonitorState, MonitorStatus } from '../core/state.ts';
import { webhookView, type WebhookView } from '../core/write-only-secrets.ts';
import type { LedgerRecord, LedgerStore } from '../ports/ledger-store.ts';

export type MonitorView = Omit<Monitor, 'alerts'> & {
  readonly alerts: Omit<Monitor['alerts'], 'webhooks'> & { readonly webhooks: readonly WebhookView[] };
  readonly state: MonitorStatus;
  readonly stateSince: string | null;
};

/** A monitor with its state; secrets are write-only (a webhook shows whether it has one, never the secret). */
export function monitorView(monitor: Monitor, state: MonitorState | null): MonitorView {
  const alerts = { ...monitor.alerts, webhooks: monitor.alerts.webhooks.map(webhookView) };
  return { ...monitor, alerts, state: state?.status ?? 'PENDING', stateSince: state?.since ?? null } as MonitorView;
}

function publicEvidence(evidence: RegionEvidence) {
  return { region: evidence.region, result: summarizeResult(evidence.result) };
}

/** An incident as the public sees it: results summarized as in its ledger entry (no URL, headers, body or remote address). */
export function incidentView(incident: Incident) {
  return {
    id: incident.id,
    monitorId: incident.monitorId,
    monitorName: incident.monitorName,
    status: incident.status,
    openedAt: incident.openedAt,
    resolvedAt: incident.resolvedAt,
    ...(incident.resolution === undefined ? {} : { resolution: incident.resolution }),
    cause: incident.cause,
    verification: incident.verification,
    primary: publicEvidence(incident.primary),
    verifier: incident.verifier ? { ...publicEvidence(incident.verifier), outcome: incident.verifier.outcome } : null,
    ledger: { opened: incident.ledger.opened, resolved: incident.ledger.resolved },
  };
}

export function entryView(record: LedgerRecord): { seq: number; jws: string } {
  return { seq: record.seq, jws: record.jws };
}

/** The ledger records at these seqs (missing ones left out), ascending. */
export async function recordsAt(ledger: LedgerStore, seqs: readonly (number | null)[]): Promise<LedgerRecord[]> {
  const wanted = [...new Set(seqs.filter((s): s is number => s !== null && s >= 1))].sort((a, b) => a - b);
  const found = await Promise.all(wanted.map((seq) => ledger.range(seq - 1, 1)));
  return found.flat().filter((record) => wanted.includes(record.seq));
}
