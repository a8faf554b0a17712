/**
 * The response-time chart: p50 (solid) and p95 (dashed) per region, hourly, as inline
 * SVG drawn at the width it is given (so text stays readable on a phone), with a
 * title and a description for screen readers, a legend, and the figures as a table.
 */
import { h, svg, uid } from './dom.js';
import { hourMinute, millis } from './format.js';
import { latencyTable } from './latency-table.js';

/**
 * @typedef {import('./api.js').StatusDetail['latency']} Latency
 * @typedef {Latency['regions'][number]} Series
 * @typedef {Series['points'][number]} Point
 */

const HEIGHT = 180;
const PAD = { left: 52, right: 18, top: 12, bottom: 24 };
const HOUR = 3_600_000;

/**
 * A round axis maximum at or above v (at least 10 ms), and how many equal steps
 * divide it into round numbers: 10 -> 5 steps of 2, 200 -> 4 of 50, 400 -> 4 of 100.
 * @param {number} v
 */
function niceAxis(v) {
  const power = 10 ** Math.floor(Math.log10(Math.max(v, 10)));
  const [m, steps] = /** @type {[number, number][]} */ ([[1, 5], [2, 4], [4, 4], [5, 5], [10, 5]]).find(([m]) => m * power >= v) ?? [10, 5];
  return { max: m * power, steps };
}

/** @param {unknown} v */
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * @param {Series[]} regions
 * @param {number} width
 * @param {string} titleText
 */
function chartSvg(regions, width, titleText) {
  const times = regions.flatMap((r) => r.points.map((p) => Date.parse(p.hour))).filter(Number.isFinite);
  const t1 = Math.max(...times);
  const t0 = Math.min(...times, t1 - 23 * HOUR); // always the whole last day, even when checks began an hour ago
  const peak = Math.max(1, ...regions.flatMap((r) => r.points.flatMap((p) => [num(p.p50) ?? 0, num(p.p95) ?? 0])));
  const axis = niceAxis(peak * 1.05);
  const yMax = axis.max;
  const plotW = Math.max(10, width - PAD.left - PAD.right);
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (/** @type {number} */ t) => PAD.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (/** @type {number} */ v) => PAD.top + plotH - (v / yMax) * plotH;

  const grid = Array.from({ length: axis.steps + 1 }, (_, i) => i / axis.steps).map((f) =>
    svg('g', { class: 'grid' }, svg('line', { x1: PAD.left, x2: PAD.left + plotW, y1: y(f * yMax), y2: y(f * yMax) }), svg('text', { x: PAD.left - 6, y: y(f * yMax) + 4, 'text-anchor': 'end', text: millis(f * yMax) })),
  );
  const spanHours = (t1 - t0) / HOUR;
  const step = ([1, 2, 3, 6, 12, 24, 48].find((s) => spanHours / s <= Math.max(2, Math.floor(plotW / 60))) ?? 48) * HOUR;
  const ticks = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    const label = spanHours > 48 ? new Date(t).toISOString().slice(5, 10) : hourMinute(t);
    ticks.push(svg('text', { class: 'tick', x: x(t), y: HEIGHT - 6, 'text-anchor': 'middle', text: label }));
  }

  const lines = regions.flatMap((series, i) => {
    const cls = `series-${i % 4}`;
    return /** @type {const} */ (['p95', 'p50']).map((key) =>
      svg('path', { class: `line ${key} ${cls}`, d: pathOf(series.points, key, x, y) }),
    );
  });
  const dots = regions.flatMap((series, i) => {
    const cls = `series-${i % 4}`;
    const p50 = series.points.length > 48 ? [] : series.points.filter((p) => num(p.p50) !== null);
    const lonelyP95 = series.points.filter((p) => num(p.p95) !== null && isolated(series.points, p, 'p95'));
    return [
      ...p50.map((p) => svg('circle', { class: `dot ${cls}`, cx: x(Date.parse(p.hour)), cy: y(/** @type {number} */ (p.p50)), r: 2.5 })),
      ...lonelyP95.map((p) => svg('circle', { class: `dot hollow ${cls}`, cx: x(Date.parse(p.hour)), cy: y(/** @type {number} */ (p.p95)), r: 3 })),
    ];
  });

  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  return svg(
    'svg',
    { class: 'chart', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}` },
    svg('title', { id: titleId, text: titleText }),
    svg('desc', { id: descId, text: describe(regions) }),
    grid,
    ticks,
    lines,
    dots,
  );
}

/**
 * An SVG path through the points, broken where a value is missing or hours are skipped.
 * @param {Point[]} points
 * @param {'p50' | 'p95'} key
 * @param {(t: number) => number} x
 * @param {(v: number) => number} y
 */
function pathOf(points, key, x, y) {
  let d = '';
  let last = -Infinity;
  for (const p of [...points].sort((a, b) => Date.parse(a.hour) - Date.parse(b.hour))) {
    const t = Date.parse(p.hour);
    const v = num(p[key]);
    if (v === null || !Number.isFinite(t)) {
      last = -Infinity;
      continue;
    }
    d += `${t - last > 1.5 * HOUR ? 'M' : 'L'}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
    last = t;
  }
  return d || 'M0,0';
}

/**
 * Whether no line reaches this point (no value in the hour before or after), so it needs a marker.
 * @param {Point[]} points
 * @param {Point} point
 * @param {'p50' | 'p95'} key
 */
function isolated(points, point, key) {
  const t = Date.parse(point.hour);
  return !points.some((q) => q !== point && num(q[key]) !== null && Math.abs(Date.parse(q.hour) - t) <= 1.5 * HOUR);
}

/** @param {Series[]} regions */
function describe(regions) {
  return regions
    .map((r) => {
      const p50 = r.points.map((p) => num(p.p50)).filter((v) => v !== null);
      const p95 = r.points.map((p) => num(p.p95)).filter((v) => v !== null);
      if (!p50.length) return `${r.region}: no data.`;
      return `${r.region}: p50 from ${millis(Math.min(...p50))} to ${millis(Math.max(...p50))}, p95 up to ${millis(Math.max(...p95))}, over ${p50.length} hours.`;
    })
    .join(' ');
}

/** @param {Series} series @param {number} i */
function legendItem(series, i) {
  const latest = [...series.points].reverse().find((p) => num(p.p50) !== null);
  const swatch = svg('svg', { class: 'swatch', width: 28, height: 10, 'aria-hidden': 'true' }, svg('line', { class: `line p50 series-${i % 4}`, x1: 1, x2: 27, y1: 5, y2: 5 }));
  const figures = latest ? `p50 ${millis(latest.p50)} · p95 ${millis(latest.p95)}` : 'no data';
  return h('li', { dataset: { region: series.region } }, swatch, h('span', { class: 'legend-region', text: series.region }), h('span', { class: 'legend-figures', text: figures }));
}

/** @param {string} titleText e.g. "Response time, last 24 hours" */
export function createLatencyChart(titleText) {
  const plot = h('div', { class: 'chart-box' });
  const legend = h('ul', { class: 'legend' });
  const key = h(
    'p',
    { class: 'legend-key' },
    svg('svg', { class: 'swatch', width: 28, height: 10, 'aria-hidden': 'true' }, svg('line', { class: 'line p50 key', x1: 1, x2: 27, y1: 5, y2: 5 })),
    ' p50 (median) ',
    svg('svg', { class: 'swatch', width: 28, height: 10, 'aria-hidden': 'true' }, svg('line', { class: 'line p95 key', x1: 1, x2: 27, y1: 5, y2: 5 })),
    ' p95 · latest hour:',
  );
  const table = h('div', { class: 'chart-table' });
  const el = h('figure', { class: 'latency' }, plot, h('figcaption', {}, key, legend), table);
  /** @type {Series[]} */
  let regions = [];
  let width = 0;

  function render() {
    const empty = !regions.some((r) => r.points.length);
    el.classList.toggle('is-empty', empty);
    if (empty) plot.replaceChildren(h('p', { class: 'muted chart-empty', text: 'No response times yet: the first checks are on their way.' }));
    else plot.replaceChildren(chartSvg(regions, width || 600, titleText));
  }

  new ResizeObserver(() => {
    const w = Math.floor(plot.clientWidth);
    if (w > 0 && w !== width) {
      width = w;
      render();
    }
  }).observe(plot);

  return {
    el,
    /** @param {Latency} latency */
    update(latency) {
      const list = Array.isArray(latency?.regions) ? latency.regions : [];
      regions = [...list].sort((a, b) => String(a.region).localeCompare(String(b.region)));
      legend.replaceChildren(...regions.map(legendItem));
      const wasOpen = table.querySelector('details')?.open ?? false;
      table.replaceChildren(latencyTable(regions, wasOpen));
      render();
    },
  };
}
