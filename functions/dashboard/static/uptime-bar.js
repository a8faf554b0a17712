/**
 * The daily uptime bar: one segment a day, coloured by uptime. The figures of a day
 * (date, uptime, checks) show in a tooltip on hover and on keyboard focus; the bar is
 * one tab stop, and the arrow keys, Home and End move between days (roving tabindex).
 */
import { h, uid } from './dom.js';
import { count, percent } from './format.js';

/** @typedef {import('./api.js').StatusDetail['daily'][number]} Day */

/** @param {number | null} uptime */
export function uptimeLevel(uptime) {
  if (typeof uptime !== 'number') return 'none';
  if (uptime >= 0.999) return 'ok';
  if (uptime >= 0.99) return 'minor';
  if (uptime >= 0.95) return 'major';
  return 'down';
}

/** @param {Day} day */
function figures(day) {
  if (!day.date) return { head: 'Loading', body: 'no figures yet' };
  // Uptime is verified availability (incidents over the time the monitor existed): a day can have it without checks.
  if (typeof day.uptime !== 'number') return { head: day.date, body: 'No data' };
  const failed = day.failures ? `, ${count(day.failures)} failed` : '';
  const checks = day.checks ? `${count(day.checks)} checks${failed}` : 'no checks';
  return { head: day.date, body: `${percent(day.uptime)} uptime · ${checks}` };
}

/** @param {number} days how many segments to show before data arrives */
export function createUptimeBar(days = 90) {
  const tipId = uid('tip');
  const tipHead = h('strong');
  const tipBody = h('span');
  const tip = h('div', { class: 'tip', id: tipId, role: 'tooltip', hidden: true }, tipHead, tipBody);
  const bar = h('div', {
    class: 'bar',
    role: 'group',
    'aria-label': `Daily uptime, last ${days} days. Arrow keys move between days.`,
  });
  const el = h(
    'div',
    { class: 'uptime-bar' },
    bar,
    tip,
    h('div', { class: 'bar-scale', 'aria-hidden': 'true' }, h('span', { class: 'scale-long', text: `${days} days ago` }), h('span', { class: 'scale-short', text: '30 days ago' }), h('span', { text: 'Today' })),
  );
  /** @type {Day[]} */
  let data = [];

  /** @param {HTMLElement} day */
  function show(day) {
    const item = data[Number(day.dataset.index)];
    if (!item) return;
    const { head, body } = figures(item);
    tipHead.textContent = head;
    tipBody.textContent = body;
    tip.hidden = false;
    const left = day.offsetLeft + day.offsetWidth / 2;
    const half = tip.offsetWidth / 2;
    const clamped = Math.min(Math.max(left, half), el.clientWidth - half);
    tip.style.setProperty('left', `${clamped}px`);
  }
  const hide = () => {
    tip.hidden = true;
  };

  /** @returns {HTMLElement[]} the segments the layout shows (narrow screens hide the oldest) */
  const visible = () => [...bar.children].filter((c) => c.getClientRects().length > 0).map((c) => /** @type {HTMLElement} */ (c));

  /** @param {HTMLElement} target */
  function focusDay(target) {
    for (const c of bar.children) c.setAttribute('tabindex', c === target ? '0' : '-1');
    target.focus();
  }

  bar.addEventListener('keydown', (event) => {
    const days = visible();
    const at = days.indexOf(/** @type {HTMLElement} */ (event.target));
    if (at < 0) return;
    const moves = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: days.length - 1 };
    if (event.key === 'Escape') return hide();
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = days[Math.min(Math.max(moves[/** @type {keyof typeof moves} */ (event.key)], 0), days.length - 1)];
    if (next) focusDay(next);
  });
  bar.addEventListener('focusin', (event) => show(/** @type {HTMLElement} */ (event.target)));
  bar.addEventListener('focusout', hide);
  bar.addEventListener('pointerover', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (target.classList.contains('day')) show(target);
  });
  bar.addEventListener('pointerleave', () => {
    if (!bar.contains(document.activeElement)) hide();
    else show(/** @type {HTMLElement} */ (document.activeElement));
  });

  /** @param {number} n */
  function ensureSegments(n) {
    const focused = [...bar.children].indexOf(/** @type {Element} */ (document.activeElement));
    while (bar.children.length > n) bar.lastElementChild?.remove();
    while (bar.children.length < n) {
      bar.append(h('span', { class: 'day', role: 'img', tabindex: '-1' }));
    }
    const children = [...bar.children];
    if (!children.some((c) => c.getAttribute('tabindex') === '0')) children.at(-1)?.setAttribute('tabindex', '0');
    if (focused >= 0 && children[focused]) /** @type {HTMLElement} */ (children[focused]).focus();
  }

  /** @param {Day[]} daily oldest first */
  function update(daily) {
    data = daily.slice(-days);
    ensureSegments(data.length);
    data.forEach((day, i) => {
      const seg = /** @type {HTMLElement} */ (bar.children[i]);
      const { head, body } = figures(day);
      seg.dataset.index = String(i);
      seg.dataset.date = day.date;
      seg.dataset.level = uptimeLevel(day.uptime);
      seg.setAttribute('aria-label', `${head}: ${body}`);
    });
    const active = document.activeElement;
    if (active instanceof HTMLElement && bar.contains(active)) show(active);
  }

  update(Array.from({ length: days }, () => ({ date: '', uptime: null, checks: 0, failures: 0 })));
  return { el, update };
}
