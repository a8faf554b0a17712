/**
 * Shields-style "flat" SVG badges: a grey label on the left, a coloured message on the
 * right. Pure: text in, SVG text out; every piece of text is XML-escaped.
 */
import type { MonitorStatus } from '../core/state.ts';

export interface Badge {
  readonly label: string;
  readonly message: string;
  /** A CSS colour, e.g. `#4c1`. */
  readonly color: string;
  /** The tooltip and accessible name; `label: message` when absent. */
  readonly title?: string;
}

export const BADGE_COLORS = {
  brightgreen: '#4c1',
  green: '#97ca00',
  yellowgreen: '#a4a61d',
  yellow: '#dfb317',
  orange: '#fe7d37',
  red: '#e05d44',
  grey: '#9f9f9f',
} as const;

const MAX_TEXT = 48;
const MAX_TITLE = 300;

export function statusBadge(name: string, status: MonitorStatus, paused: boolean): Badge {
  if (paused) return { label: name, message: 'paused', color: BADGE_COLORS.grey };
  const byStatus: Record<MonitorStatus, Badge> = {
    UP: { label: name, message: 'up', color: BADGE_COLORS.brightgreen },
    DOWN: { label: name, message: 'down', color: BADGE_COLORS.red },
    VERIFYING: { label: name, message: 'verifying', color: BADGE_COLORS.yellow },
    PENDING: { label: name, message: 'pending', color: BADGE_COLORS.grey },
  };
  return byStatus[status];
}

/** Colour by uptime: 99.9% and up bright green, down to red under 90%; grey with no data. */
export function uptimeBadge(window: string, uptime: number | null): Badge {
  const label = `uptime ${window}`;
  if (uptime === null) return { label, message: 'no data', color: BADGE_COLORS.grey };
  const color =
    uptime >= 0.999 ? BADGE_COLORS.brightgreen
    : uptime >= 0.99 ? BADGE_COLORS.green
    : uptime >= 0.97 ? BADGE_COLORS.yellowgreen
    : uptime >= 0.95 ? BADGE_COLORS.yellow
    : uptime >= 0.9 ? BADGE_COLORS.orange
    : BADGE_COLORS.red;
  return { label, message: formatPercent(uptime), color };
}

export function notFoundBadge(): Badge {
  return { label: 'crosscheck', message: 'unknown monitor', color: BADGE_COLORS.grey };
}

/** What an `<img>` shows when the badge cannot be made: grey "unknown", the reason in its title. */
export function unknownBadge(reason: string): Badge {
  return { label: 'crosscheck', message: 'unknown', color: BADGE_COLORS.grey, title: `crosscheck: unknown (${reason})` };
}

/** Colour by response time: under 200 ms bright green, from 2 s red; grey with no checks. */
export function responseTimeBadge(window: string, statistic: string, ms: number | null): Badge {
  const label = `response time ${window} ${statistic}`;
  if (ms === null) return { label, message: 'no data', color: BADGE_COLORS.grey };
  const color =
    ms < 200 ? BADGE_COLORS.brightgreen
    : ms < 500 ? BADGE_COLORS.green
    : ms < 1000 ? BADGE_COLORS.yellow
    : ms < 2000 ? BADGE_COLORS.orange
    : BADGE_COLORS.red;
  return { label, message: ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`, color };
}

/** Percent with two decimals, rounded down so that 99.996% never shows as 100.00%. */
export function formatPercent(ratio: number): string {
  if (ratio >= 1) return '100%';
  return `${(Math.floor(Math.max(0, ratio) * 10_000) / 100).toFixed(2)}%`;
}

export function renderBadge(badge: Badge): string {
  const label = clip(badge.label);
  const message = clip(badge.message);
  const labelWidth = Math.round(textWidth(label) + 10);
  const messageWidth = Math.round(textWidth(message) + 10);
  const width = labelWidth + messageWidth;
  const title = escapeXml(badge.title === undefined ? `${label}: ${message}` : clip(badge.title, MAX_TITLE));
  const color = /^#[0-9a-fA-F]{3,8}$/.test(badge.color) ? badge.color : BADGE_COLORS.grey;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${color}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="11">',
    text(label, labelWidth / 2, labelWidth - 10),
    text(message, labelWidth + messageWidth / 2, messageWidth - 10),
    '</g></svg>',
  ].join('');
}

function text(value: string, x: number, length: number): string {
  const escaped = escapeXml(value);
  return (
    `<text aria-hidden="true" x="${x}" y="15" fill="#010101" fill-opacity=".3" textLength="${length}">${escaped}</text>` +
    `<text x="${x}" y="14" textLength="${length}">${escaped}</text>`
  );
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function clip(value: string, max = MAX_TEXT): string {
  // Drop control characters (not allowed in XML 1.0) and keep the badge a sensible width.
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ');
  const chars = [...clean];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean;
}

/** Approximate width in px of Verdana 11px text; `textLength` makes renderers fit it exactly. */
export function textWidth(value: string): number {
  let width = 0;
  for (const c of value) width += charWidth(c);
  return width;
}

function charWidth(c: string): number {
  if ("ijl.,:;!|'".includes(c)) return 3.5;
  if ('frtI()[]{} /'.includes(c)) return 4.6;
  if ('mw%'.includes(c)) return 10.5;
  if ('MW@'.includes(c)) return 11;
  if (/[A-Z]/.test(c)) return 7.5;
  if (/[0-9]/.test(c)) return 7;
  if (/[a-z]/.test(c)) return 6.6;
  return 7.5;
}
