/**
 * The alerts the state machine's transitions send, with their texts:
 *   [CrossCheck] DOWN: Shop (HTTP 503) confirmed from eu-west-1 and us-east-1
 *   [CrossCheck] DOWN: Shop (timeout) seen from eu-west-1; no other region could verify
 *   [CrossCheck] RECOVERED: Shop after 12m 30s
 *   [CrossCheck] Certificate for Shop expires in 13 days
 */
import type { Alert } from './alert.ts';
import { formatHumanDuration } from './duration.ts';
import type { CheckResult } from './check-result.ts';
import type { Incident, RegionEvidence } from './incident.ts';
import type { Monitor } from './monitor.ts';
import { monitorTarget, type TargetFields } from './monitor-types/target.ts';
import type { CertificateWarningEffect } from './state-machine-effects.ts';
import { alertIds } from './state-machine-effects.ts';

/** `url` in an alert is the monitor's target (monitorTarget): its URL, `tcp://host:port`, a DNS URI. */
export type AlertMonitor = Pick<Monitor, 'id' | 'name' | 'alerts'> & TargetFields;

const PREFIX = '[CrossCheck]';

/** A short reason for a failed check: the HTTP status for failed conditions on a status, else the cause. */
export function shortCause(result: CheckResult): string {
  if (result.cause === 'condition') {
    const failed = result.conditions.find((c) => !c.success);
    if (failed && /^\[STATUS\]/.test(failed.condition)) return `HTTP ${result.status}`;
    return failed ? failed.condition : 'condition failed';
  }
  return result.cause ?? 'failed';
}

/** A tcp or tls check's result: for those, having connected is what was seen (an HTTP check that connected and got no response saw no response). */
const isStream = (result: CheckResult): boolean => result.method === 'TCP' || result.method === 'TLS';

/** Why a check failed, for people: each failed condition with its observed value, else the error (or the cause). */
export function failureReasons(result: CheckResult): string[] {
  const failed = result.conditions.filter((c) => !c.success).map((c) => c.condition);
  if (failed.length > 0) return failed;
  return [result.error ?? result.cause ?? 'failed'];
}

/** One line per result: what the region saw. */
export function describeResult(evidence: RegionEvidence): string {
  const { result } = evidence;
  const parts = [result.status > 0 ? `HTTP ${result.status}` : result.dns ? `DNS ${result.dns.rcode}` : isStream(result) && result.connected ? 'connected' : 'no response'];
  if (result.cause) parts.push(`cause ${result.cause}`);
  if (result.error) parts.push(result.error);
  const failed = result.conditions.filter((c) => !c.success).map((c) => c.condition);
  if (failed.length > 0) parts.push(`failed ${failed.join(', ')}`);
  parts.push(`${Math.round(result.timings.total)} ms`);
  return `${evidence.region} at ${result.startedAt}: ${parts.join('; ')}`;
}

export function downAlert(monitor: AlertMonitor, incident: Incident, ledgerSeq: number | null, at: string): Alert {
  const cause = shortCause(incident.primary.result);
  const subject =
    incident.verifier === null
      ? `${PREFIX} DOWN: ${monitor.name} (${cause}) seen from ${incident.primary.region}; no other region could verify`
      : `${PREFIX} DOWN: ${monitor.name} (${cause}) confirmed from ${incident.primary.region} and ${incident.verifier.region}`;
  const lines = [
    `${monitor.name} is DOWN since ${incident.openedAt}.`,
    '',
    `URL: ${monitorTarget(monitor)}`,
    `Seen from ${describeResult(incident.primary)}`,
    incident.verifier === null
      ? 'Verification: unavailable (no other region could be reached; the failure persisted another round)'
      : `Confirmed from ${describeResult(incident.verifier)}`,
    `Incident: ${incident.id}${ledgerSeq === null ? '' : ` (ledger entry #${ledgerSeq})`}`,
  ];
  return base(monitor, alertIds.down(incident.id), 'down', at, subject, lines, incidentFacts(incident, ledgerSeq));
}

export function recoveredAlert(monitor: AlertMonitor, incident: Incident, ledgerSeq: number | null, at: string): Alert {
  const resolvedAt = incident.resolvedAt ?? at;
  const duration = formatHumanDuration(Date.parse(resolvedAt) - Date.parse(incident.openedAt));
  const subject = `${PREFIX} RECOVERED: ${monitor.name} after ${duration}`;
  const lines = [
    `${monitor.name} is UP again since ${resolvedAt}, after ${duration} down.`,
    '',
    `URL: ${monitorTarget(monitor)}`,
    `Down since: ${incident.openedAt} (${shortCause(incident.primary.result)})`,
    `Incident: ${incident.id}${ledgerSeq === null ? '' : ` (ledger entry #${ledgerSeq})`}`,
  ];
  return base(monitor, alertIds.recovered(incident.id), 'recovered', at, subject, lines, incidentFacts({ ...incident, resolvedAt }, ledgerSeq));
}

export function certificateAlert(monitor: AlertMonitor, warning: CertificateWarningEffect): Alert {
  const when =
    warning.daysLeft < 0
      ? `expired ${-warning.daysLeft} ${warning.daysLeft === -1 ? 'day' : 'days'} ago`
      : warning.daysLeft === 0
        ? 'expires today'
        : `expires in ${warning.daysLeft} ${warning.daysLeft === 1 ? 'day' : 'days'}`;
  const subject = `${PREFIX} Certificate for ${monitor.name} ${when}`;
  const lines = [
    `The TLS certificate of ${monitor.name} ${when} (not after ${warning.notAfter}).`,
    '',
    `URL: ${monitorTarget(monitor)}`,
    `Fingerprint (SHA-256): ${warning.fingerprint256}`,
    `Warning threshold: ${warning.thresholdDays} days`,
  ];
  return {
    ...base(monitor, warning.id, 'certificate', warning.at, subject, lines, undefined),
    certificate: {
      thresholdDays: warning.thresholdDays,
      daysLeft: warning.daysLeft,
      notAfter: warning.notAfter,
      fingerprint256: warning.fingerprint256,
    },
  };
}

function incidentFacts(incident: Incident, ledgerSeq: number | null): NonNullable<Alert['incident']> {
  return {
    id: incident.id,
    cause: incident.cause,
    openedAt: incident.openedAt,
    resolvedAt: incident.resolvedAt,
    verification: incident.verification,
    ledgerSeq,
    reasons: failureReasons(incident.primary.result),
    locations: [incident.primary.region, ...(incident.verifier === null ? [] : [incident.verifier.region])],
  };
}

function base(
  monitor: AlertMonitor,
  id: string,
  kind: Alert['kind'],
  time: string,
  subject: string,
  lines: readonly string[],
  incident: Alert['incident'],
): Alert {
  return {
    id,
    kind,
    time,
    monitor: { id: monitor.id, name: monitor.name, url: monitorTarget(monitor) },
    subject,
    text: `${lines.join('\n')}\n`,
    ...(incident ? { incident } : {}),
    recipients: {
      email: monitor.alerts.email,
      webhooks: monitor.alerts.webhooks,
      ...(monitor.alerts.channels === undefined || monitor.alerts.channels.length === 0 ? {} : { channels: monitor.alerts.channels }),
    },
  };
}
