/**
 * The public status page as HTML rendered on the server: readable without JavaScript,
 * one request, every text escaped. Day bars shade with the day's verified uptime, so a
 * day at 90 % does not look like a day at 0 %; each day's figure is in its title and in
 * text for screen readers.
 */
import { escapeXml as esc } from './badge.ts';
import type { StatusPageView } from './status-page-view.ts';

/** A day's shade: a step per band, worst red; none (grey) before the monitor existed. */
export function dayShade(uptime: number | null): string {
  if (uptime === null) return 'none';
  if (uptime >= 0.9995) return 'full';
  if (uptime >= 0.99) return 'minor';
  if (uptime >= 0.95) return 'partial';
  if (uptime >= 0.75) return 'major';
  return 'down';
}

const HEALTH_TEXT: Readonly<Record<string, string>> = {
  down: 'Down',
  degraded: 'Degraded',
  up: 'Operational',
  pending: 'No data yet',
  paused: 'Paused',
  maintenance: 'Maintenance',
};

const pct = (ratio: number | null): string => (ratio === null ? 'no data' : ratio >= 1 ? '100%' : `${(Math.floor(ratio * 10_000) / 100).toFixed(2)}%`);
const when = (iso: string): string => `<time datetime="${esc(iso)}">${esc(iso.slice(0, 16).replace('T', ' '))} UTC</time>`;

export function renderStatusPage(view: StatusPageView, base: string): string {
  const groups = view.groups
    .map(
      (g) => `<section class="sp-group" aria-labelledby="g-${esc(slugOf(g.name))}"><h2 id="g-${esc(slugOf(g.name))}">${esc(g.name)}</h2><ul class="sp-monitors">${g.monitors
        .map(
          (m) => `<li class="sp-monitor"><div class="sp-row"><span class="sp-name">${esc(m.name)}</span><span class="sp-health" data-health="${esc(m.health)}">${esc(HEALTH_TEXT[m.health] ?? m.health)}</span></div>
<div class="sp-bars" role="img" aria-label="${esc(`${m.name}: ${pct(m.uptime90d)} uptime over 90 days`)}">${m.daily
            .map((uptime, i) => `<span class="sp-day" data-shade="${dayShade(uptime)}" title="${esc(`${dayOf(view.days.from, i)}: ${pct(uptime)}`)}"></span>`)
            .join('')}</div><div class="sp-scale"><span>90 days ago</span><span>${esc(pct(m.uptime90d))} uptime</span><span>Today</span></div></li>`,
        )
        .join('')}</ul></section>`,
    )
    .join('');
  const maintenance = view.maintenance.length
    ? `<section aria-labelledby="maint"><h2 id="maint">Scheduled maintenance</h2><ul class="sp-list">${view.maintenance
        .map((m) => `<li><strong>${esc(m.title)}</strong>${m.ongoing ? ' <span class="sp-tag">in progress</span>' : ''}<br>${when(m.start)} to ${when(m.end)} · ${esc(m.monitors.join(', '))}<p>${esc(m.message)}</p></li>`)
        .join('')}</ul></section>`
    : '';
  const incidents = `<section aria-labelledby="hist"><h2 id="hist">Incident history</h2>${
    view.incidents.length === 0
      ? '<p>No incidents in the last 90 days.</p>'
      : `<ul class="sp-list">${view.incidents
          .map(
            (i) => `<li class="sp-incident"><strong>${esc(i.title)}</strong> <span class="sp-tag" data-status="${esc(i.status)}">${i.status === 'open' ? 'ongoing' : 'resolved'}</span><br>${when(i.openedAt)}${i.resolvedAt ? ` to ${when(i.resolvedAt)}` : ''}${
              i.kind === 'detected' ? ' · confirmed from two locations, <a href="' + esc(`${base}v1/incidents/${encodeURIComponent(i.id)}/verify`) + '">signed record</a>' : ''
            }${i.updates.length ? `<ol class="sp-updates" reversed>${[...i.updates].reverse().map((u) => `<li><strong>${esc(cap(u.status))}</strong> ${when(u.at)}<p>${esc(u.message)}</p></li>`).join('')}</ol>` : ''}</li>`,
          )
          .join('')}</ul>`
  }</section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">
<title>${esc(view.title)}: ${esc(view.overall.text)}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${esc(base)}assets/status-page.css">
<link rel="alternate" type="application/atom+xml" title="${esc(view.title)}" href="${esc(base + view.subscribe.atom.slice(1))}"></head>
<body><header class="sp-header"><div class="sp-wrap"><h1>${esc(view.title)}</h1>${view.description ? `<p>${esc(view.description)}</p>` : ''}
<p class="sp-overall" data-overall="${esc(view.overall.state)}" role="status">${esc(view.overall.text)}</p></div></header>
<main class="sp-wrap">${maintenance}${groups}${incidents}
<section aria-labelledby="sub"><h2 id="sub">Subscribe</h2><p><a href="${esc(base + view.subscribe.atom.slice(1))}">Atom feed</a> of incidents, updates and maintenance, for any feed reader.</p></section></main>
<footer class="sp-wrap sp-footer"><p>Updated ${when(view.generatedAt)}. Outages are confirmed from a second location before they count; each is a signed entry of a public <a href="${esc(base)}v1/ledger">ledger</a>.</p></footer></body></html>`;
}

const dayOf = (from: string, index: number): string => new Date(Date.parse(`${from}T00:00:00Z`) + index * 86_400_000).toISOString().slice(0, 10);
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const slugOf = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'group';
