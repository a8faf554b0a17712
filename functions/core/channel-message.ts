/**
 * What a channel message says, built once from an alert so that every provider tells
 * the same facts: what is down, why (the failed condition with the observed value),
 * from which locations, since when, and a link to the incident. Providers only shape it
 * (core/channel.ts lists them; adapters/common/channels/ render each). Pure.
 */
import type { Alert } from './alert.ts';
import { formatHumanDuration } from './duration.ts';

/** What a message is about: an alert, a reminder of an open incident, or a test of the channel. */
export type MessageKind = Alert['kind'] | 'reminder' | 'test';

export interface ChannelMessage {
  readonly kind: MessageKind;
  readonly alert: Alert;
  /** The channel's (or the monitor reference's) description, added to the message. */
  readonly description?: string | undefined;
  /** Where a person reads the incident (public: names and states only). */
  readonly incidentUrl: string | null;
  /** The incident's signed ledger entry (compact JWS) for this transition, when there is one. */
  readonly ledgerEntry: { readonly seq: number; readonly jws: string } | null;
  /** Where the signing keys are published, to check `ledgerEntry` with. */
  readonly jwksUrl: string | null;
  /** When the message is sent (RFC 3339): reminders say how long the incident has lasted. */
  readonly sentAt: string;
}

export type Severity = 'critical' | 'warning' | 'ok' | 'info';

export interface MessageFacts {
  /** `payments is DOWN`, `payments has RECOVERED`, ... */
  readonly title: string;
  readonly severity: Severity;
  /** One sentence: why and where. */
  readonly summary: string;
  /** Label/value rows: Monitor, URL, Why, Locations, Since, Incident, ... */
  readonly fields: readonly (readonly [string, string])[];
  /** The link to the incident, when there is one. */
  readonly link: string | null;
}

const DOWN_SINCE = (alert: Alert): string | null => alert.incident?.openedAt ?? null;

export function severityOf(kind: MessageKind): Severity {
  switch (kind) {
    case 'down':
    case 'reminder':
      return 'critical';
    case 'certificate':
      return 'warning';
    case 'recovered':
      return 'ok';
    case 'test':
      return 'info';
  }
}

function titleOf(message: ChannelMessage): string {
  const name = message.alert.monitor.name;
  switch (message.kind) {
    case 'down':
      return `${name} is DOWN`;
    case 'reminder':
      return `${name} is still DOWN`;
    case 'recovered':
      return `${name} has RECOVERED`;
    case 'certificate':
      return message.alert.subject.replace(/^\[CrossCheck\]\s*/, '');
    case 'test':
      return `Test message from CrossCheck`;
  }
}

export function messageFacts(message: ChannelMessage): MessageFacts {
  const { alert } = message;
  const incident = alert.incident;
  const reasons = incident?.reasons ?? [];
  const locations = incident?.locations ?? [];
  const since = DOWN_SINCE(alert);
  const fields: [string, string][] = [['Monitor', alert.monitor.name]];
  if (alert.monitor.url) fields.push(['URL', alert.monitor.url]);
  if (reasons.length > 0 && message.kind !== 'recovered') fields.push(['Why', reasons.join('; ')]);
  if (locations.length > 0) fields.push([message.kind === 'recovered' ? 'Seen from' : 'Failing from', locations.join(', ')]);
  if (since !== null) fields.push([message.kind === 'recovered' ? 'Was down since' : 'Down since', since]);
  if (message.kind === 'reminder' && since !== null) fields.push(['Down for', formatHumanDuration(Date.parse(message.sentAt) - Date.parse(since))]);
  if (incident?.resolvedAt) fields.push(['Recovered at', incident.resolvedAt], ['Downtime', formatHumanDuration(Date.parse(incident.resolvedAt) - Date.parse(incident.openedAt))]);
  if (incident) fields.push(['Verification', incident.verification]);
  if (alert.certificate) fields.push(['Certificate expires', alert.certificate.notAfter], ['Days left', String(alert.certificate.daysLeft)]);
  if (incident) fields.push(['Incident', incident.id]);
  if (message.ledgerEntry) fields.push(['Ledger entry', `#${message.ledgerEntry.seq}`]);
  if (message.description) fields.push(['Note', message.description]);

  const where = locations.length === 0 ? '' : locations.length === 1 ? ` from ${locations[0]}` : ` from ${locations.slice(0, -1).join(', ')} and ${locations.at(-1)}`;
  const why = reasons.length > 0 ? `: ${reasons.join('; ')}` : '';
  const summary =
    message.kind === 'down'
      ? `${alert.monitor.name} is down${why}, confirmed${where}, since ${since ?? alert.time}.`
      : message.kind === 'reminder'
        ? `${alert.monitor.name} is still down${why}, since ${since ?? alert.time}.`
        : message.kind === 'recovered'
          ? `${alert.monitor.name} is up again${incident?.resolvedAt ? ` since ${incident.resolvedAt}` : ''}${incident?.resolvedAt && since ? `, after ${formatHumanDuration(Date.parse(incident.resolvedAt) - Date.parse(since))} down` : ''}.`
          : message.kind === 'test'
            ? 'This channel is set up: CrossCheck will post alerts here.'
            : alert.text.split('\n')[0] ?? alert.subject;
  return { title: titleOf(message), severity: severityOf(message.kind), summary, fields, link: message.incidentUrl };
}

/** The facts as plain text lines (chat services without rich layout, e-mail's text part). */
export function messageText(facts: MessageFacts): string {
  const lines = [facts.title, facts.summary, '', ...facts.fields.map(([label, value]) => `${label}: ${value}`)];
  if (facts.link) lines.push('', facts.link);
  return lines.join('\n');
}
