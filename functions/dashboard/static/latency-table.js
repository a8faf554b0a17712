/** The response-time figures as a table, behind a disclosure, for whoever prefers numbers to lines. */
import { h } from './dom.js';
import { dateTime, millis } from './format.js';

/** @typedef {import('./latency-chart.js').Series} Series */

/** @param {Series[]} regions @param {boolean} open */
export function latencyTable(regions, open) {
  const hours = [...new Set(regions.flatMap((r) => r.points.map((p) => p.hour)))].sort((a, b) => Date.parse(b) - Date.parse(a));
  if (hours.length === 0) return h('span');
  const byRegion = regions.map((r) => new Map(r.points.map((p) => [p.hour, p])));
  const head = h('tr', {}, h('th', { scope: 'col', text: 'Hour' }), regions.flatMap((r) => [h('th', { scope: 'col', text: `${r.region} p50` }), h('th', { scope: 'col', text: `${r.region} p95` })]));
  const rows = hours.map((hour) =>
    h('tr', {}, h('th', { scope: 'row', text: dateTime(hour) }), byRegion.flatMap((m) => [h('td', { text: millis(m.get(hour)?.p50) }), h('td', { text: millis(m.get(hour)?.p95) })])),
  );
  return h('details', { open }, h('summary', { text: 'Show the figures as a table' }), h('div', { class: 'table-scroll' }, h('table', {}, h('thead', {}, head), h('tbody', {}, rows))));
}
