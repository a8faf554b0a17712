/**
 * Renders an alert as an RFC 5322 message: multipart/alternative with a plain-text and
 * an HTML part, both base64 so that any text survives any mail path. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import type { Alert } from '../../../core/alert.ts';

export interface EmailOptions {
  /** @default 'CrossCheck <crosscheck@localhost>' */
  readonly from?: string;
  /** Used when the alert names no email recipient. @default 'operator@localhost' */
  readonly defaultTo?: string;
}

export const DEFAULT_FROM = 'CrossCheck <crosscheck@localhost>';
export const DEFAULT_TO = 'operator@localhost';
const CRLF = '\r\n';
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A header value on one line: CR and LF would start a new header. */
const oneLine = (value: string): string => value.replace(/[\r\n]+/g, ' ');
const pad = (n: number): string => String(n).padStart(2, '0');

/** RFC 5322 date-time, e.g. `Sat, 21 Nov 2026 10:15:00 +0000`. */
export function rfc5322Date(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** RFC 2047 encoded words for non-ASCII text, each under 75 characters, folded. */
export function encodeHeaderText(text: string): string {
  const value = oneLine(text);
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The facts an alert carries, as label/value rows for the HTML part. */
function facts(alert: Alert): [string, string][] {
  const rows: [string, string][] = [
    ['Monitor', alert.monitor.name],
    ['URL', alert.monitor.url],
    ['Time', alert.time],
  ];
  if (alert.incident) {
    rows.push(['Incident', alert.incident.id], ['Cause', alert.incident.cause], ['Verification', alert.incident.verification]);
    rows.push(['Opened', alert.incident.openedAt]);
    if (alert.incident.resolvedAt) rows.push(['Resolved', alert.incident.resolvedAt]);
    if (alert.incident.ledgerSeq !== null) rows.push(['Ledger entry', `#${alert.incident.ledgerSeq}`]);
  }
  if (alert.certificate) {
    rows.push(['Certificate expires', alert.certificate.notAfter], ['Days left', String(alert.certificate.daysLeft)]);
    rows.push(['Fingerprint (SHA-256)', alert.certificate.fingerprint256]);
  }
  return rows;
}

export function renderHtml(alert: Alert): string {
  const table = facts(alert)
    .map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  return [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(alert.subject)}</title></head><body>`,
    `<h1>${escapeHtml(alert.subject)}</h1>`,
    `<table>\n${table}\n</table>`,
    `<pre>${escapeHtml(alert.text)}</pre>`,
    '</body></html>',
  ].join('\n');
}

function domainOf(address: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address);
  return match?.[1] ?? 'localhost';
}

export function renderEmail(alert: Alert, options: EmailOptions = {}): string {
  const from = oneLine(options.from ?? DEFAULT_FROM);
  const to = alert.recipients.email.length > 0 ? alert.recipients.email.map(oneLine).join(', ') : oneLine(options.defaultTo ?? DEFAULT_TO);
  const digest = createHash('sha256').update(alert.id).digest('hex');
  const boundary = `=_crosscheck_${digest.slice(0, 24)}`;
  const time = Date.parse(alert.time);
  const headers = [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${encodeHeaderText(alert.subject)}`,
    `Date: ${rfc5322Date(Number.isNaN(time) ? 0 : time)}`,
    `Message-ID: <${digest.slice(0, 32)}@${domainOf(from)}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    'Auto-Submitted: auto-generated',
    `X-CrossCheck-Alert-Id: ${oneLine(alert.id)}`,
    `X-CrossCheck-Alert-Kind: ${alert.kind}`,
  ];
  const part = (type: string, content: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(content)].join(CRLF);
  return [
    ...headers,
    '',
    'This is a multipart message in MIME format.',
    part('text/plain', alert.text),
    part('text/html', renderHtml(alert)),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}
