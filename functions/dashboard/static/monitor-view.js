/**
 * One monitor on the page: a header that is always visible (name as a disclosure
 * button, state in colour AND words, uptime 24h/7d/30d, the 90-day bar) and a panel
 * with the response-time chart and the incident timeline. Updated in place on every
 * refresh, so focus and scroll position survive.
 */
import { h, uid } from './dom.js';
import { causeLabel, dateTime, duration, percent, stateLabel } from './format.js';
import { createIncidentList } from './incidents.js';
import { createLatencyChart } from './latency-chart.js';
import { createUptimeBar } from './uptime-bar.js';

/**
 * @typedef {import('./api.js').Status['monitors'][number]} MonitorSummary one item of GET /v1/status
 * @typedef {import('./api.js').StatusDetail} MonitorDetails GET /v1/status/{id}
 */

/** @param {string} label */
function figure(label) {
  const value = h('dd', { text: '—' });
  return { el: h('div', { class: 'figure' }, h('dt', { text: label }), value), value };
}

/**
 * @param {MonitorSummary} monitor
 * @param {{checker: import('./incidents.js').Checker, expanded: boolean, onToggle: (id: string, expanded: boolean) => void}} options
 */
export function createMonitorView(monitor, options) {
  const panelId = uid('panel');
  const nameId = uid('name');
  const name = h('span', { class: 'name' });
  const toggle = h('button', { type: 'button', class: 'toggle', id: nameId, 'aria-controls': panelId, 'aria-expanded': 'false' }, h('span', { class: 'chevron', 'aria-hidden': 'true' }), name);
  const stateText = h('span', { class: 'state-text' });
  const state = h('span', { class: 'state' }, h('span', { class: 'state-dot', 'aria-hidden': 'true' }), stateText);
  const paused = h('span', { class: 'pill pill-paused', text: 'Paused', hidden: true });
  const since = h('p', { class: 'since muted' });
  const openIncident = h('p', { class: 'open-incident', hidden: true });
  const u24 = figure('24 h');
  const u7 = figure('7 d');
  const u30 = figure('30 d');
  const bar = createUptimeBar(90);
  const chart = createLatencyChart('Response time, last 24 hours, p50 and p95 per region');
  const incidents = createIncidentList(options.checker);
  const detailsError = h('p', { class: 'inline-error', role: 'status' });
  const panel = h(
    'div',
    { class: 'panel', id: panelId, hidden: true },
    h('section', { class: 'panel-section' }, h('h3', { text: 'Response time' }), chart.el),
    h('section', { class: 'panel-section' }, h('h3', { text: 'Incidents' }), incidents.el),
  );
  const el = h(
    'article',
    { class: 'monitor', 'aria-labelledby': nameId, dataset: { monitorId: monitor.id } },
    h('div', { class: 'monitor-head' }, h('h2', { class: 'monitor-name' }, toggle), state, paused, h('dl', { class: 'figures', 'aria-label': 'Uptime' }, u24.el, u7.el, u30.el)),
    since,
    openIncident,
    bar.el,
    detailsError,
    panel,
  );

  /** @type {MonitorDetails | null} */
  let details = null;
  let expanded = false;

  /** @param {boolean} value */
  function setExpanded(value) {
    expanded = value;
    toggle.setAttribute('aria-expanded', String(value));
    panel.hidden = !value;
    el.dataset.expanded = String(value);
    if (value && details) renderPanel(details);
  }
  toggle.addEventListener('click', () => {
    setExpanded(!expanded);
    options.onToggle(monitor.id, expanded);
  });

  /** @param {MonitorDetails} d */
  function renderPanel(d) {
    chart.update(d.latency);
    incidents.update(Array.isArray(d.incidents) ? d.incidents : [], Date.now());
  }

  /** @param {MonitorSummary} m */
  function update(m) {
    name.textContent = m.name;
    el.dataset.state = m.state;
    state.dataset.state = m.state;
    stateText.textContent = stateLabel(m.state);
    paused.hidden = !m.paused;
    el.dataset.paused = String(Boolean(m.paused));
    const sinceMs = Date.parse(m.since ?? '');
    since.textContent = Number.isFinite(sinceMs) ? `${stateLabel(m.state)} for ${duration(Date.now() - sinceMs)}, since ${dateTime(/** @type {string} */ (m.since))}${m.paused ? '; checks are paused' : ''}` : '';
    u24.value.textContent = percent(m.uptime?.['24h']);
    u30.value.textContent = percent(m.uptime?.['30d']);
    if (m.uptime && '7d' in m.uptime) u7.value.textContent = percent(m.uptime['7d']);
    openIncident.hidden = !m.openIncident;
    if (m.openIncident) openIncident.textContent = `Incident open since ${dateTime(m.openIncident.openedAt)}: ${causeLabel(m.openIncident.cause)}`;
  }

  update(monitor);
  setExpanded(options.expanded);

  return {
    el,
    update,
    /** @param {MonitorDetails} d */
    updateDetails(d) {
      details = d;
      detailsError.textContent = '';
      u7.value.textContent = percent(d.uptime?.['7d']);
      bar.update(Array.isArray(d.daily) ? d.daily : []);
      if (expanded) renderPanel(d);
    },
    /** @param {string} message */
    detailsFailed(message) {
      detailsError.textContent = `The details of this monitor could not be loaded: ${message}. Retrying at the next refresh.`;
    },
  };
}
